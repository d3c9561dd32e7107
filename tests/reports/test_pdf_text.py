"""The exported report PDF has extractable Japanese text and renders to an image (poppler-utils)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (shutil.which("pdftotext") and shutil.which("pdftoppm")),
        reason="pdftotext/pdftoppm missing: install poppler-utils (scripts/setup --test does)",
    ),
]


def test_pdf_export_has_japanese_text_and_renders(portfolio, owner, login, tmp_path: Path) -> None:
    response = login(owner).get("/reports/export/portfolio/pdf/")
    assert response.status_code == 200
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)

    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, timeout=60
    ).stdout.decode("utf-8")
    assert "PoC超過の案件" in text
    assert "ゲート超過の案件" in text

    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        capture_output=True,
        check=True,
        timeout=60,
    )
    pngs = sorted(tmp_path.glob("page*.png"))
    assert len(pngs) == 1
    assert pngs[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
