"""A small policy written for the replica tests (a handful of passages: cheap to embed), one figure that changes."""

from __future__ import annotations

NAME = "qinghe_housekeeping_replica_subsidy.md"
QUESTION = "在青禾区做家政，考了育婴员五级证书能补贴多少钱？"
POLICY = """# 青禾区家政服务人员技能补贴办法

青人社规〔2026〕9号

## 第一章 总则
第一条 为提升家政服务质量，鼓励家政服务人员参加育婴员、养老护理员职业技能培训，制定本办法。
第二条 在青禾区家政企业从业满3个月的人员，可以申请本办法规定的补贴。
## 第二章 补贴标准
第三条 取得育婴员或养老护理员五级证书的，每人补贴{amount}元；取得四级证书的，每人补贴1500元。
第四条 本办法自2026年4月1日起施行，有效期3年。
{filler}"""


def policy(amount: int, filler_clauses: int = 0) -> bytes:
    """The policy with the 五级 subsidy set to ``amount`` (optionally padded with many extra clauses: a long apply)."""
    filler = "".join(f"第{5 + i}条 家政服务企业应当按月报送第{i + 1}批培训人员名单及培训课时记录，备查。\n"
                     for i in range(filler_clauses))
    return POLICY.format(amount=amount, filler=filler).encode("utf-8")
