"""A worker process that escalates sessions the way a server does: detect, then open the ticket.

``python -m tests.escalation.escalate_worker DB_URL SESSION...`` prints ``OK <session> <ticket>`` per session.
The reliability test kills it with SIGKILL halfway and starts it again.
"""

import random
import sys
import time

from assistant.escalation import EscalationDetector
from assistant.tickets import TicketService
from zhitu.db import make_engine
from zhitu.settings import Settings

MESSAGE = "公司拖欠我三个月工资了，电话13812345678，帮我转人工"


def main(url: str, sessions: list[str]) -> None:
    detector = EscalationDetector.from_data()
    service = TicketService(make_engine(url), Settings(database_url=url))
    for session in sessions:
        decision = detector.detect(MESSAGE)
        transcript = [{"role": "user", "content": MESSAGE}]
        ticket = service.create(session, decision.reasons, decision.priority, MESSAGE[:40], transcript, [])
        print(f"OK {session} {ticket}", flush=True)
        time.sleep(random.uniform(0, 0.05))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
