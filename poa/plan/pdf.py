"""Word documents to PDF through LibreOffice, which lays them out as Word would.

LibreOffice runs headless with a private profile in a temporary folder, so a LibreOffice the seller
has open is neither used nor disturbed, and several documents are converted in one start.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from poa.errors import PoaError

CONVERT_TIMEOUT_SECONDS = 300


def find_soffice() -> str | None:
    """LibreOffice's soffice: on the PATH, or where its installers put it on Windows and macOS."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates: list[Path] = []
    if sys.platform == "win32":
        for base in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
            if base:
                candidates.append(Path(base) / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return next((str(path) for path in candidates if path.is_file()), None)


def require_soffice() -> str:
    soffice = find_soffice()
    if soffice is None:
        raise PoaError.of("pdf.no_soffice")
    return soffice


def docx_to_pdf(documents: dict[str, bytes]) -> dict[str, bytes]:
    """Each named .docx (name -> bytes) as PDF bytes, converted in one LibreOffice run."""
    soffice = require_soffice()
    with tempfile.TemporaryDirectory(prefix="poa-pdf-") as work:
        folder = Path(work)
        sources = []
        for index, data in enumerate(documents.values()):
            source = folder / f"document-{index}.docx"  # plain names: LibreOffice names its output after them
            source.write_bytes(data)
            sources.append(source)
        command = [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder / "out"),
            *map(str, sources),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT_SECONDS, check=False)
        except subprocess.TimeoutExpired:
            raise PoaError.of("pdf.timeout", seconds=CONVERT_TIMEOUT_SECONDS) from None
        except OSError as error:
            raise PoaError.of("pdf.cannot_start", path=soffice, problem=error.strerror or error) from None
        converted = {}
        for name, source in zip(documents, sources, strict=True):
            result = folder / "out" / f"{source.stem}.pdf"
            if not result.is_file():
                raise PoaError.of("pdf.not_converted", name=name)
            converted[name] = result.read_bytes()
        return converted
