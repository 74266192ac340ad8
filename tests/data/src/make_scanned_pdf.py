"""Write scanned.pdf: a page that is only a picture of a page, as a scanner makes it.

    pdftoppm -r 60 -f 1 -l 1 -png tests/data/review.pdf /tmp/scan
    python tests/data/src/make_scanned_pdf.py /tmp/scan-1.png tests/data/scanned.pdf
(with reportlab and Pillow installed; neither is a dependency of Bilat).
"""

import sys

from reportlab.lib.pagesizes import A5
from reportlab.pdfgen import canvas

pdf = canvas.Canvas(sys.argv[2], pagesize=A5)
pdf.drawImage(sys.argv[1], 0, 0, *A5)
pdf.showPage()
pdf.save()
