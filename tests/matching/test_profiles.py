import json

import pytest

from matching.profiles import (
    ProfileError,
    education_level,
    experience_years,
    load_profile_file,
    parse_salary,
    posting_profile,
    seeker_from_text,
)

DISTRICTS = ["云溪区", "南港区", "青禾区"]


def test_field_parsers():
    assert parse_salary("6000-8000元/月") == (6000, 8000)
    assert parse_salary("8k-12k") == (8000, 12000)
    assert parse_salary("面议") is None
    assert education_level("大专及以上") == 3
    assert education_level("学历不限") is None
    assert education_level("本科") == 4
    assert experience_years("1-3年") == 1
    assert experience_years("应届毕业生可投") == 0
    assert experience_years("经验不限") == 0


def test_plain_text_resume():
    text = """姓名：李明
专业：数控技术
学历：大专
证书：数控车工中级证
技能：数控车床、看图纸、游标卡尺
期望薪资：6500-7500
意向区域：青禾区
有一年工厂实习经验，吃苦耐劳。"""
    p = seeker_from_text(text, districts=DISTRICTS)
    assert p.major == "数控技术"
    assert p.education == 3
    assert p.certificates == ("数控车工证",)
    assert p.skills[:3] == ("数控车床操作", "机械制图", "量具使用")
    assert "吃苦耐劳" in p.skills
    assert p.district == "青禾区"
    assert p.expected_salary == 6500
    assert p.experience == 1
    assert p.occupations == ("数控加工",)


def test_free_text_without_labels():
    p = seeker_from_text("我是机电一体化技术专业的应届生，会PLC编程和电气接线，想在云溪工作", districts=DISTRICTS)
    assert p.major == "机电一体化技术"
    assert p.district == "云溪区"
    assert p.experience == 0
    assert {"PLC编程", "电气安装"} <= set(p.skills)
    assert p.occupations == ("机电设备",)


def test_json_profile_and_errors(tmp_path):
    good = tmp_path / "p.json"
    good.write_text(json.dumps({"专业": "护理", "学历": "大专", "证书": ["护士证"], "技能": "静脉输液、急救"}, ensure_ascii=False),
                    encoding="utf-8")
    p = load_profile_file(good)
    assert p.certificates == ("护士执业资格证",) and p.skills == ("静脉输液", "急救技能")
    gbk = tmp_path / "r.txt"
    gbk.write_bytes("专业：护理\n学历：中专".encode("gb18030"))
    assert load_profile_file(gbk).education == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"专业": "护理",', encoding="utf-8")
    with pytest.raises(ProfileError, match="bad.json: invalid JSON"):
        load_profile_file(bad)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(ProfileError, match="empty"):
        load_profile_file(empty)


def test_posting_profile():
    p = posting_profile({"id": "X1", "title": "数控车工", "company": "甲厂", "district": "青禾区", "salary": "6000-8000元/月",
                         "education": "中专及以上", "experience": "2年以上", "skills": "FANUC系统、看懂图纸",
                         "description": "能使用千分尺检验零件", "posted_at": "2026-08-03"})
    assert p.skills == ("数控系统操作", "机械制图")
    assert p.extra_skills == ("量具使用",)
    assert (p.occupation, p.education, p.experience, p.salary, p.month) == ("数控加工", 2, 2, (6000, 8000), "2026-08")
