"""A zone whose policy writes its long name (某某高新技术产业开发区) while postings write it in an address after the
city (某某市高新区科技路, no district column), on a small made-up corpus written here: users write 高新区 or a slip of it
(高薪区); either is that zone, for its postings and for the city-wide rule it follows."""

from __future__ import annotations

import pytest

from ingest.postings import normalise_row
from tests.conftest import ask_dry_run as ask

CITY = """# 湄泷市促进高校毕业生就业创业若干措施

湄泷市人力资源和社会保障局

第一条 本措施适用于泷溪区和湄泷高新技术产业开发区。湄泷高新技术产业开发区不另行制定区级政策，按本措施标准执行。

第二条 就业见习补贴。见习单位吸纳离校2年内未就业高校毕业生参加就业见习的，按每人每月1750元给予见习补贴，补贴期限最长不超过6个月。
"""
DISTRICT = """# 泷溪区就业见习实施细则

泷溪区人力资源和社会保障局

第一条 泷溪区内的见习基地按本细则执行，市级标准在本区不适用。

第二条 见习基地吸纳见习人员的，按每人每月2350元给予见习补贴，补贴期限最长不超过12个月。
"""
JOBS = """{"岗位编号": "ML-01", "岗位名称": "电工", "单位名称": "湄泷某某半导体有限公司", "工作地点": "湄泷市高新区科技路", "薪资": "6600-8100元/月", "学历要求": "中专及以上", "技能要求": "持高压电工作业证", "联系方式": "唐先生 0900-6191128", "发布日期": "2025-06-03"}
{"岗位编号": "ML-02", "岗位名称": "电工", "单位名称": "泷溪某某物业服务有限公司", "工作地点": "湄泷市泷溪区文昌街", "薪资": "5100-6400元/月", "学历要求": "中专及以上", "技能要求": "持低压电工作业证", "联系方式": "李先生 0900-6121837", "发布日期": "2025-06-04"}
"""


@pytest.fixture(scope="module")
def city(small_corpus):
    files = {"policies/meilong_shi_cuoshi.md": CITY, "policies/longxi_qu_jianxi.md": DISTRICT,
             "jobs/meilong_jobs.jsonl": JOBS}
    with small_corpus("meilong_zone", files) as services:
        yield services


def test_an_address_writing_a_bare_zone_after_its_city_names_the_citys_zone():
    row = normalise_row({"工作地点": "湄泷市高新区科技路", "岗位名称": "电工"})
    assert row["district"] == "湄泷高新区" and row["city"] == "湄泷市", row


@pytest.mark.parametrize("question", ["高新区那个招电工的岗位工资多少？", "高薪区那个招电工的岗位工资多少？"])
def test_a_job_asked_of_the_zone_is_the_zones_posting(city, question):
    reply = ask(city, question)
    assert not reply.refused, reply.answer
    assert "6600-8100元/月" in reply.answer and "5100-6400" not in reply.answer, reply.answer


@pytest.mark.parametrize("question", ["我们公司注册在高新区，见习补贴一个人一个月多少？", "我们公司注册在高薪区，见习补贴一个人一个月多少？"])
def test_the_zone_written_short_or_by_a_slip_follows_the_city_wide_rule(city, question):
    reply = ask(city, question)
    assert not reply.refused, reply.answer
    assert "1750元" in reply.answer and "2350元" not in reply.answer, reply.answer
