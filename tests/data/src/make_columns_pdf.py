"""Write columns.pdf: two columns drawn line by line across the page, as some PDF writers do.

Run with reportlab installed (it is not a dependency of Bilat):
    python tests/data/src/make_columns_pdf.py tests/data/columns.pdf
"""

import sys
import textwrap

from reportlab.lib.pagesizes import A5
from reportlab.pdfgen import canvas

LEFT = (
    "Left column. The ministers of Kazakhstan and China met in Astana to review the "
    "progress of their energy partnership and the pipelines that link the two countries."
)
RIGHT = (
    "Right column. The delegations discussed new projects in wind and solar power and the "
    "training of engineers at universities in both countries, and they agreed"
)
NEXT_PAGE = (
    "to meet again in the spring. The talks ended with a joint statement.",
    "A closing paragraph. Both sides thanked their hosts for the warm welcome.",
)


def page_frame(pdf: canvas.Canvas, number: int) -> None:
    pdf.setFont("Helvetica", 8)
    pdf.drawCentredString(210, 570, "Interleaved Review")
    pdf.drawCentredString(210, 30, f"Page {number} of 2")
    pdf.setFont("Helvetica", 10)


def main(path: str) -> None:
    pdf = canvas.Canvas(path, pagesize=A5)
    pdf.setTitle("Columns drawn across the page")
    page_frame(pdf, 1)
    left, right = textwrap.wrap(LEFT, 32), textwrap.wrap(RIGHT, 32)
    y = 520
    for i in range(max(len(left), len(right))):
        if i < len(left):
            pdf.drawString(40, y, left[i])
        if i < len(right):
            pdf.drawString(220, y, right[i])
        y -= 13
    pdf.showPage()
    page_frame(pdf, 2)
    y = 520
    for paragraph in NEXT_PAGE:
        for line in textwrap.wrap(paragraph, 70):
            pdf.drawString(40, y, line)
            y -= 13
        y -= 13
    pdf.showPage()
    pdf.save()


if __name__ == "__main__":
    main(sys.argv[1])
