"""First run: ingest the shipped sample corpus in the background while the page is already served."""

from __future__ import annotations

import logging
import threading

from ingest.pipeline import iter_files

log = logging.getLogger(__name__)


class SampleIngest:
    def __init__(self, services) -> None:
        self.services = services
        self.total = 0
        self.done = 0
        self.failed: list[str] = []
        self._thread: threading.Thread | None = None

    def start(self) -> SampleIngest:
        files = iter_files([self.services.settings.corpus_dir])
        self.total = len(files)
        self._thread = threading.Thread(target=self._run, name="sample-ingest", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        def progress(_name: str) -> None:
            self.done += 1

        report = self.services.kb.ingest_paths([self.services.settings.corpus_dir], progress=progress)
        self.failed = [r.message for r in report.failed]
        for msg in self.failed:
            log.error("sample corpus: %s", msg)

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def text(self) -> str:
        if self._thread is None:
            return ""
        if self.running():
            return f"⏳ 正在导入示例资料（{self.done}/{self.total} 个文件），导入完成前回答可能不完整。"
        return "✅ 示例资料已导入。" + (f" {len(self.failed)} 个文件失败。" if self.failed else "")
