"""Draw the program's icon (resources/icons/collector.png and .ico) with Qt.

Drawn rather than designed so that it can be made again on any machine with the project's
own packages; the build uses the files committed beside it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPen

SIZE = 256
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def draw() -> QImage:
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # A red card (the colour of the county's paper forms) with a white ticked list.
    painter.setBrush(QColor("#c0392b"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawRoundedRect(QRectF(12, 12, SIZE - 24, SIZE - 24), 40, 40)
    painter.setPen(QPen(QColor("white"), 14, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for row in range(3):
        y = 82 + row * 50
        painter.drawPolyline([QPointF(56, y - 6), QPointF(70, y + 8), QPointF(96, y - 20)])
        painter.drawLine(QPointF(120, y), QPointF(200, y))
    painter.end()
    return image


def main() -> int:
    QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    ICONS.mkdir(parents=True, exist_ok=True)
    image = draw()
    for name in ("collector.png", "collector.ico"):
        if not image.save(str(ICONS / name)):
            print(f"cannot write {ICONS / name}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
