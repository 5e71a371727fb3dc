"""Which document may answer, on a made-up pair of cities written here: a district asked about a subsidy takes its own
document for it, else the city-wide rule when that covers it, else says it is not covered, even when the subject
is only in the story or the earlier turn (按啥标准补, 也能按这个领吗); a city asked about a benefit none of its documents
names is not answered from its unrelated clauses; a status asked after a story about work is a policy question."""

from __future__ import annotations

import pytest

from tests.conftest import ask_dry_run as ask

CITY = """# 沣宁市促进高校毕业生就业若干措施

沣宁市人力资源和社会保障局

第一条【适用范围】 本措施适用于沣宁市檀湾区、柘溪区和榆岭区。

第二条【就业见习补贴】 对吸纳离校2年内未就业高校毕业生参加就业见习的单位，按每人每月1750元的标准给予就业见习补贴，见习期限为3至12个月。

第三条【就业困难人员认定】 女性年满40周岁、男性年满50周岁的失业人员，可向户籍地街道公共就业服务机构申请认定为就业困难人员，受理机构自受理之日起5个工作日内完成审核。
"""
TANWAN_TRAINEE = """# 檀湾区就业见习管理办法

檀湾区人力资源和社会保障局

第一条 见习单位吸纳见习人员的，区财政按每人每月1950元的标准给予见习单位就业见习补贴。

第二条 已参加职工社会保险的人员不得参加见习。
"""
TANWAN_RENT = """# 檀湾区高校毕业生租房补贴实施细则

檀湾区人力资源和社会保障局

一、补贴标准：全日制本科毕业生每人每月700元，硕士研究生每人每月900元。

二、申请材料：申请表、身份证、劳动合同。
"""
ZHEXI_HOUSING = """# 柘溪区青年人才安居补贴办法

柘溪区人民政府办公室

第一条 本办法适用于在柘溪区无自有住房、年龄35周岁以下的青年人才。

第二条 租房补贴标准：本科每人每月800元，最长发放24个月。享受期间离开柘溪区就业或购买住房的，自次月起停发。
"""
YULING = """# 榆岭区就业创业补贴实施办法

榆岭区人力资源和社会保障局

**第五条** 灵活就业社会保险补贴。就业困难人员在本区灵活就业并缴纳职工基本养老保险费的，按实际缴费额的三分之二给予补贴，最长不超过3年。
"""
OTHER_CITY = """# 岑江市引进毕业生管理办法

岑江市人力资源和社会保障局

第一条 引进毕业生原则上本科不超过26周岁，硕士研究生不超过30周岁。

第二条 用人单位每年1月至8月通过系统向主管单位提交毕业生信息，经公示后办理落户手续。
"""
JOBS = """id,title,company,district,salary,education,experience,skills,description,posted_at
P001,仓储管理员,沣宁甲乙物流有限公司,榆岭区,4600-5600元/月,大专,经验不限,仓储,负责出入库。工作地点：榆岭区。,2025-05-02
P002,缝纫工,沣宁丙丁服装有限公司,檀湾区,4200-5000元/月,不限,经验不限,缝纫,服装厂上班，计件。,2025-05-03
"""


@pytest.fixture(scope="module")
def cities(small_corpus):
    files = {"policies/fengning_shi_cuoshi.md": CITY, "policies/tanwan_qu_jianxi.txt": TANWAN_TRAINEE,
             "policies/tanwan_qu_zufang.md": TANWAN_RENT, "policies/zhexi_qu_anju.md": ZHEXI_HOUSING,
             "policies/yuling_qu_butie.md": YULING, "policies/cenjiang_shi_yinjin.txt": OTHER_CITY,
             "jobs/fengning_gangwei.csv": JOBS}
    with small_corpus("fengning", files) as services:
        yield services


def test_a_district_without_its_own_rule_asked_in_a_follow_up_takes_the_city_wide_one(cities):
    history = [{"role": "user", "content": "檀湾区单位招见习生 补贴标准是多少"},
               {"role": "assistant", "content": "按《檀湾区就业见习管理办法》，区财政按每人每月1950元的标准给予见习单位就业见习补贴。"}]
    reply = ask(cities, "那我们在柘溪的厂呢 柘溪好像没出单独的见习文件 按啥标准补", history)
    assert not reply.refused and "1750元" in reply.answer, reply.answer
    assert "1950元" not in reply.answer and "800元" not in reply.answer  # neither the neighbour's nor its 安居 rule
    assert [s.source for s in reply.sources][:1] == ["fengning_shi_cuoshi.md"]


def test_a_subsidy_only_another_district_has_is_not_answered_from_an_unrelated_document_in_a_follow_up(cities):
    history = [{"role": "user", "content": "榆岭区灵活就业社保补贴怎么补"},
               {"role": "assistant", "content": "按《榆岭区就业创业补贴实施办法》第五条，按实际缴费额的三分之二给予补贴，最长不超过3年。"}]
    reply = ask(cities, "我住檀湾 也在檀湾跑外卖 社保自己交的 也能按这个领吗", history)
    assert reply.refused, reply.answer
    assert "灵活就业" in reply.answer and "三分之二" not in reply.answer and "1950元" not in reply.answer


def test_a_benefit_none_of_a_citys_documents_names_is_not_covered(cities):
    reply = ask(cities, "岑江引进毕业生落户以后 每个月有没有租房补贴啊 有的话多少钱")
    assert reply.refused, reply.answer
    assert "租房补贴" in reply.answer and "800元" not in reply.answer and "700元" not in reply.answer
    kept = ask(cities, "岑江引进毕业生 硕士年龄不超过多少")  # what its documents do say is still answered
    assert not kept.refused and "30周岁" in kept.answer, kept.answer


def test_a_status_asked_after_a_story_about_work_is_a_policy_question(cities):
    reply = ask(cities, "我妈今年52了，户口在榆岭区，原来的服装厂倒闭后一直没上班。她这种算不算就业困难人员啊？去哪里认定")
    assert reply.route == "policy", reply.answer
    assert ask(cities, "我在榆岭区上班好几年了 想换个仓储的工作 有没有合适的岗位").route == "job"

