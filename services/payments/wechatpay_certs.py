"""WeChat Pay platform certificates (certificate mode): loaded, never fetched on demand.

Left to itself the SDK, meeting a serial it does not hold, empties its certificate
list and downloads WeChat Pay's again: one stranger's request with a made-up
``Wechatpay-Serial`` would then cost a signed call to WeChat and, if that call fails,
leave no certificate to verify genuine notifications with. Here the SDK's download
is taken away from it; only serials already loaded verify, and certificates change
only on a schedule: ``payments.refresh_wechatpay_certificates`` (beat) downloads
them into the certificate folder, and every process re-reads that folder at most
every ``O2O_WECHATPAY_CERT_RELOAD_SECONDS`` (a local read, whatever the requests say).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import structlog
from cryptography import x509

log = structlog.get_logger(__name__)


def serial_number(header: str) -> int | None:
    """The certificate serial a ``Wechatpay-Serial`` header names (hex), or None."""
    if not header or len(header) > 64:
        return None
    try:
        return int(header, 16)
    except ValueError:
        return None


def _valid(certificate: x509.Certificate, now: datetime) -> bool:
    return certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc


def read_folder(folder: Path, now: datetime | None = None) -> list[x509.Certificate]:
    """The folder's certificates valid now (unreadable files skipped)."""
    moment = now or datetime.now(UTC)
    found = []
    for path in sorted(folder.glob("*.pem")) if folder.is_dir() else []:
        try:
            certificate = x509.load_pem_x509_certificate(path.read_bytes())
        except (OSError, ValueError):
            continue
        if _valid(certificate, moment):
            found.append(certificate)
    return found


class PlatformCertificates:
    """The SDK core's certificate list, pinned: refreshed by schedule, never by a request."""

    def __init__(self, core: Any, *, folder: Path | None, reload_seconds: float) -> None:
        self._core = core
        self._folder = folder
        self._reload_seconds = reload_seconds
        self._loaded_at = time.monotonic()
        self._lock = threading.Lock()
        # The SDK's own download, kept for the scheduled refresh only.
        self._download: Callable[[], None] = core._update_certificates
        core._update_certificates = self._refuse_download

    def _refuse_download(self) -> None:
        log.warning("wechatpay_certificate_unknown")  # verification then fails: no fetch

    def serials(self) -> set[int]:
        return {int(c.serial_number) for c in self._core._certificates}

    def knows(self, header: str) -> bool:
        """True when the serial names a certificate already loaded (after a due reload)."""
        wanted = serial_number(header)
        if wanted is None:
            return False
        self._reload_if_due()
        return wanted in self.serials()

    def verify(self, header: str, check: Callable[[], Any]) -> Any:
        """``check()`` (the SDK's verification) if the serial is loaded, else None."""
        if not self.knows(header):
            return None
        with self._lock:  # a refresh swapping the list cannot interleave
            return check()

    def _reload_if_due(self) -> None:
        if self._folder is None or time.monotonic() - self._loaded_at < self._reload_seconds:
            return
        self._loaded_at = time.monotonic()
        found = read_folder(self._folder)
        if found:
            with self._lock:
                self._core._certificates[:] = found

    def refresh(self) -> int:
        """Download WeChat Pay's certificates (the folder keeps new ones); how many are held.

        A failed download keeps the certificates already held.
        """
        with self._lock:
            held = list(self._core._certificates)
            self._download()
            if not self._core._certificates:
                self._core._certificates[:] = held
                log.warning("wechatpay_certificates_not_refreshed", held=len(held))
            count = len(self._core._certificates)
        self._loaded_at = time.monotonic()
        return count
