"""A made-up city's two city-wide rules and a district's own rule, written here (real jieba, no model): of the rules
given for a district the question names, the answer quotes the one that writes what it asks about (电工中级证 → the
certificate rule), not whichever rule retrieval put first; a shop's rent (门面房租) is the district's rent rule, not
the city's 租房 rule for graduates, though the synonym table folds 房租 into 租房."""

from __future__ import annotations

from langchain_core.documents import Document

from assistant.clauses import ClauseRanker
from assistant.extractive import ExtractiveAnswerer
from knowledge.query import Vocabulary, analyse

GRADUATES = """# 蓠川市高校毕业生生活补贴和租房补贴实施办法

蓠川市人力资源和社会保障局

第一条 为吸引高校毕业生来蓠川就业，制定本办法。

第二条 在本市用人单位就业、连续缴纳社会保险满6个月的全日制高校毕业生，可申请生活补贴和租房补贴。

第三条 生活补贴标准：本科每人每月700元，硕士每人每月1300元。租房补贴标准：每人每月600元，最长36个月。

第四条 申请人向就业单位所在区人力资源和社会保障局提出申请，区人社部门在15个工作日内完成审核，审核通过的名单公示5个工作日。
"""

CERTIFICATES = """# 蓠川市职业技能等级证书补贴办法

蓠川市人力资源和社会保障局

第一条 为鼓励劳动者提升技能，制定本办法。

第二条 在本市参加失业保险满1年的企业职工，取得职业技能等级证书的，可申请补贴。

第三条 补贴标准：初级工（五级）证书每人每证800元；中级工（四级）证书每人每证1400元；高级工（三级）证书每人每证2100元。

第四条 申请人应当自证书核发之日起12个月内，向参保地所在区人力资源和社会保障局职业能力建设科提出申请。
"""

DISTRICT = """# 茳浦区创业场地租金补贴办法

茳浦区人力资源和社会保障局

第一条 为支持创业，制定本办法。

第二条 在茳浦区租赁经营场地（不含住宅）创办个体工商户或小微企业的，按实际租金的50%给予创业场地租金补贴，每年最高9000元，补贴期限最长3年。

第三条 申请人向茳浦区就业服务中心提出申请，电话0571-8234567。
"""


def _docs(text: str, source: str, district: str = "") -> list[Document]:
    """One passage per article, with the metadata ingest gives a policy."""
    title = text.splitlines()[0].lstrip("# ")
    articles = [p for p in text.split("\n\n") if p.startswith("第")]
    meta = {"source": source, "title": title, "doc_type": "policy", "section": title,
            **({"district": district} if district else {"city": "蓠川市"})}
    return [Document(page_content=p, id=f"{source}::v1::{i}", metadata=dict(meta)) for i, p in enumerate(articles)]


def _answer(question: str, docs: list[Document]) -> str:
    vocab = Vocabulary.from_metadata([d.metadata for d in (*GRADUATE_DOCS, *CERTIFICATE_DOCS, *DISTRICT_DOCS)])
    a = analyse(question, vocab)
    assert a.districts, a  # the district is named: one rule answers
    return ExtractiveAnswerer(200, 3, ClauseRanker(None)).answer(a.text, "policy", a, docs).text


GRADUATE_DOCS = _docs(GRADUATES, "lichuan_graduates.md")
CERTIFICATE_DOCS = _docs(CERTIFICATES, "lichuan_certificates.md")
DISTRICT_DOCS = _docs(DISTRICT, "jiangpu_rent.md", district="茳浦区")


def test_of_the_rules_given_for_a_district_the_one_on_the_asked_subject_answers():
    # retrieval put the graduates' rule first (both write 社会保险, 申请, 区人力资源和社会保障局)
    answer = _answer("我在茳浦区一家电子厂上班，厂里给交社保都一年多了，上个月刚考下来电工四级证，就是中级工。"
                     "请问能补多少钱？要去哪个部门申请？", [*GRADUATE_DOCS, *CERTIFICATE_DOCS])
    assert "1400元" in answer and "职业能力建设科" in answer, answer
    assert "700元" not in answer and "1300元" not in answer, answer


def test_a_shops_rent_is_the_districts_rent_rule_not_the_graduates_rent_subsidy():
    """(guard) 房租 is folded into 租房 by the synonym table; the district's rule writes 租金."""
    answer = _answer("我在茳浦区租了个门面准备开家小饭馆 一年房租四万多 听说开店房租政府能补一部分 能补多少 补几年",
                     [*DISTRICT_DOCS, *GRADUATE_DOCS])
    assert "9000元" in answer and "600元" not in answer, answer
