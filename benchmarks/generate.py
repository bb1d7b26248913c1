#!/usr/bin/env python3
"""Write a large, realistic synthetic ledger (SPEC §1) for benchmarks.

    python benchmarks/generate.py OUT_DIR --files 35000 [--seed 1] [--force]

The ledger belongs to a provincial office (云南省沪滇协作) with 16 prefectures and 129 counties paired
with Shanghai's 16 districts, over 2020–2024. About 72% of the files are tasks (sub-folders by year and
prefecture), 26% projects, the rest units and meetings. Every reference is valid, targets add up,
disbursements never exceed funding, and the same seed gives byte-identical files and commits.

The files are written with string formatting (no YAML library, so 35,000 files take seconds), in the
style of the example ledger. OUT_DIR becomes a git repository with two commits: everything, then a
commit that changes exactly 20 files (progress appended, tasks closed, disbursements added). A marker
`.bench.json` (git-excluded) records the parameters for benchmarks/run.py.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

GENERATOR_VERSION = 1
MARKER = ".bench.json"
AS_OF = date(2024, 12, 20)  # the snapshot: no progress, closing or payment is dated later
CHANGE_DATE = date(2024, 12, 27)  # the date of the second commit's 20 changes
YEARS = (2020, 2021, 2022, 2023, 2024)
CHANGED_FILES = 20

# ---------------------------------------------------------------- vocabulary

# (full name, short name, telephone area code, counties)
PREFECTURES: list[tuple[str, str, str, list[str]]] = [
    ("昆明市", "昆明市", "0871", "五华区 盘龙区 官渡区 西山区 东川区 呈贡区 晋宁区 富民县 宜良县 石林县 "
                              "嵩明县 禄劝县 寻甸县 安宁市".split()),
    ("曲靖市", "曲靖市", "0874", "麒麟区 沾益区 马龙区 陆良县 师宗县 罗平县 富源县 会泽县 宣威市".split()),
    ("玉溪市", "玉溪市", "0877", "红塔区 江川区 澄江市 通海县 华宁县 易门县 峨山县 新平县 元江县".split()),
    ("保山市", "保山市", "0875", "隆阳区 施甸县 龙陵县 昌宁县 腾冲市".split()),
    ("昭通市", "昭通市", "0870", "昭阳区 鲁甸县 巧家县 盐津县 大关县 永善县 绥江县 镇雄县 彝良县 威信县 "
                              "水富市".split()),
    ("丽江市", "丽江市", "0888", "古城区 玉龙县 永胜县 华坪县 宁蒗县".split()),
    ("普洱市", "普洱市", "0879", "思茅区 宁洱县 墨江县 景东县 景谷县 镇沅县 江城县 孟连县 澜沧县 "
                              "西盟县".split()),
    ("临沧市", "临沧市", "0883", "临翔区 凤庆县 云县 永德县 镇康县 双江县 耿马县 沧源县".split()),
    ("楚雄彝族自治州", "楚雄州", "0878", "楚雄市 双柏县 牟定县 南华县 姚安县 大姚县 永仁县 元谋县 武定县 "
                                       "禄丰市".split()),
    ("红河哈尼族彝族自治州", "红河州", "0873", "个旧市 开远市 蒙自市 弥勒市 屏边县 建水县 石屏县 泸西县 "
                                             "元阳县 红河县 金平县 绿春县 河口县".split()),
    ("文山壮族苗族自治州", "文山州", "0876", "文山市 砚山县 西畴县 麻栗坡县 马关县 丘北县 广南县 "
                                           "富宁县".split()),
    ("西双版纳傣族自治州", "西双版纳州", "0691", "景洪市 勐海县 勐腊县".split()),
    ("大理白族自治州", "大理州", "0872", "大理市 漾濞县 祥云县 宾川县 弥渡县 南涧县 巍山县 永平县 云龙县 "
                                       "洱源县 剑川县 鹤庆县".split()),
    ("德宏傣族景颇族自治州", "德宏州", "0692", "芒市 瑞丽市 梁河县 盈江县 陇川县".split()),
    ("怒江傈僳族自治州", "怒江州", "0886", "泸水市 福贡县 贡山县 兰坪县".split()),
    ("迪庆藏族自治州", "迪庆州", "0887", "香格里拉市 德钦县 维西县".split()),
]

# Shanghai's districts, paired one to one with the prefectures above.
DISTRICTS = [
    ("huangpu", "黄浦区"), ("xuhui", "徐汇区"), ("changning", "长宁区"), ("jingan", "静安区"),
    ("putuo", "普陀区"), ("hongkou", "虹口区"), ("yangpu", "杨浦区"), ("minhang", "闵行区"),
    ("baoshan", "宝山区"), ("jiading", "嘉定区"), ("pudong", "浦东新区"), ("jinshan", "金山区"),
    ("songjiang", "松江区"), ("qingpu", "青浦区"), ("fengxian", "奉贤区"), ("chongming", "崇明区"),
]

# Member units of the provincial leading group: (id, name, short).
MEMBERS = [
    ("yn-hrss", "云南省人力资源和社会保障厅", "省人社厅"),
    ("yn-commerce", "云南省商务厅", "省商务厅"),
    ("yn-finance", "云南省财政厅", "省财政厅"),
    ("yn-rural", "云南省乡村振兴局", "省乡村振兴局"),
    ("yn-org", "中共云南省委组织部", "省委组织部"),
    ("yn-dev", "云南省发展和改革委员会", "省发展改革委"),
    ("yn-edu", "云南省教育厅", "省教育厅"),
    ("yn-health", "云南省卫生健康委员会", "省卫生健康委"),
    ("yn-agri", "云南省农业农村厅", "省农业农村厅"),
    ("yn-industry", "云南省工业和信息化厅", "省工业和信息化厅"),
    ("yn-science", "云南省科学技术厅", "省科技厅"),
    ("yn-civil", "云南省民政厅", "省民政厅"),
    ("yn-culture", "云南省文化和旅游厅", "省文化和旅游厅"),
    ("yn-sasac", "云南省人民政府国有资产监督管理委员会", "省国资委"),
    ("yn-acfic", "云南省工商业联合会", "省工商联"),
    ("yn-housing", "云南省住房和城乡建设厅", "省住房城乡建设厅"),
    ("yn-natres", "云南省自然资源厅", "省自然资源厅"),
    ("yn-ecology", "云南省生态环境厅", "省生态环境厅"),
    ("yn-transport", "云南省交通运输厅", "省交通运输厅"),
    ("yn-water", "云南省水利厅", "省水利厅"),
    ("yn-forest", "云南省林业和草原局", "省林草局"),
    ("yn-publicity", "中共云南省委宣传部", "省委宣传部"),
    ("yn-ethnic", "云南省民族宗教事务委员会", "省民族宗教委"),
    ("yn-market", "云南省市场监督管理局", "省市场监管局"),
    ("yn-invest", "云南省投资促进局", "省投资促进局"),
    ("yn-stats", "云南省统计局", "省统计局"),
    ("yn-audit", "云南省审计厅", "省审计厅"),
    ("yn-women", "云南省妇女联合会", "省妇联"),
    ("yn-youth", "共青团云南省委", "团省委"),
    ("yn-sports", "云南省体育局", "省体育局"),
]

CATEGORIES = "组织领导 人才支援 资金支持 产业合作 消费帮扶 劳务协作 携手兴乡村 社会帮扶 数字赋能".split()
CATEGORY_WEIGHTS = [6, 12, 8, 16, 16, 18, 14, 6, 4]
CATEGORY_LEADS = {
    "组织领导": ["yn-office", "yn-rural"], "人才支援": ["yn-org", "yn-edu", "yn-health", "yn-hrss"],
    "资金支持": ["yn-finance", "yn-rural"], "产业合作": ["yn-commerce", "yn-invest", "yn-industry", "yn-dev"],
    "消费帮扶": ["yn-commerce", "yn-agri"], "劳务协作": ["yn-hrss"], "携手兴乡村": ["yn-rural", "yn-agri"],
    "社会帮扶": ["yn-acfic", "yn-civil", "yn-women"], "数字赋能": ["yn-industry", "yn-health", "yn-edu"],
}

# Task titles by category; {p} is the county or prefecture.
TITLES = {
    "组织领导": ["召开{p}沪滇协作联席会议", "开展{p}党政领导互访调研", "制定{p}年度东西部协作工作要点",
                "落实{p}沪滇协作协议年度任务", "完善{p}协作工作考核评价机制"],
    "人才支援": ["选派{p}“组团式”帮扶教师", "开展{p}医疗人才“组团式”帮扶", "培训{p}党政干部和专业技术人才",
                "选派上海专业技术人才到{p}挂职", "组织{p}乡村振兴带头人赴沪培训"],
    "资金支持": ["落实{p}上海市财政援助资金", "加快{p}协作资金拨付使用", "规范{p}协作项目资金管理",
                "开展{p}协作资金绩效评价"],
    "产业合作": ["引导上海企业到{p}投资兴业", "共建{p}沪滇产业合作园区", "推进{p}高原特色农业产业化合作",
                "培育{p}特色产业集群", "举办{p}招商引资推介活动"],
    "消费帮扶": ["拓宽{p}农产品销售渠道", "推进{p}消费帮扶“七进”活动", "建设{p}沪滇消费帮扶专馆",
                "认定{p}消费帮扶产品", "组织{p}参加上海对口地区特色商品展销会"],
    "劳务协作": ["完成{p}劳务协作任务", "推进{p}农村劳动力转移就业", "举办{p}劳务协作专场招聘会",
                "建设{p}就业帮扶车间", "开展{p}脱贫劳动力职业技能培训"],
    "携手兴乡村": ["推进{p}携手兴乡村示范村建设", "开展{p}村企结对帮扶", "建设{p}宜居宜业和美乡村",
                  "推进上海街镇与{p}乡镇结对"],
    "社会帮扶": ["动员上海社会力量帮扶{p}", "开展{p}“万企兴万村”行动", "组织{p}公益慈善捐赠"],
    "数字赋能": ["推进{p}远程医疗和智慧教育", "建设{p}农村电商服务站点"],
}
PROBLEMS = ("协作资金拨付滞后 项目联农带农机制不健全 帮扶车间吸纳脱贫劳动力就业不足 消费帮扶产品认定不规范 "
            "协作项目资产管理不到位 劳务协作数据台账不完整 援派干部人才作用发挥不充分").split()
MATTERS = ("协作项目用地指标 企业用工对接 农产品冷链物流运输 援派干部人才住房保障 产业园区水电配套 "
           "消费帮扶产品检测认证").split()

# category → [(key, name, unit, per-county range, in tenths?)]
TARGETS: dict[str, list[tuple[str, str, str, tuple[int, int], bool]]] = {
    "组织领导": [],
    "人才支援": [("teachers", "选派支教教师", "人", (2, 12), False),
                ("doctors", "选派帮扶医生", "人", (2, 10), False),
                ("trainees", "培训党政干部和专业技术人才", "人次", (50, 400), False)],
    "资金支持": [("funds", "落实财政援助资金", "万元", (500, 5000), True)],
    "产业合作": [("enterprises", "引导企业落地投资", "家", (1, 6), False),
                ("investment", "企业实际到位投资", "万元", (1000, 20000), True)],
    "消费帮扶": [("purchases", "采购销售农畜牧产品和特色手工艺品", "万元", (500, 8000), True),
                ("products", "认定消费帮扶产品", "个", (5, 40), False)],
    "劳务协作": [("to_shanghai", "帮助农村劳动力（含脱贫劳动力）到上海就业", "人", (20, 120), False),
                ("nearby", "帮助农村劳动力省内就近就地就业", "人", (300, 1500), False),
                ("trained", "开展职业技能培训", "人次", (100, 800), False)],
    "携手兴乡村": [("demo_villages", "培育乡村振兴示范村", "个", (1, 4), False),
                  ("village_pairs", "村企结对", "对", (3, 15), False)],
    "社会帮扶": [("donations", "动员社会帮扶资金", "万元", (50, 800), True)],
    "数字赋能": [("stations", "建设农村电商服务站点", "个", (2, 12), False)],
}

PHRASES = ("召开专题推进会，细化任务分工和时间节点 与上海对口区对接工作安排，形成年度工作清单 "
           "前方工作组实地调研，督促加快进度 完成阶段性工作，报送进展情况 开展交叉检查，发现的问题已督促整改 "
           "按月调度，进度基本符合序时要求 受雨季影响部分工作推迟，已调整计划 召开调度会研究解决困难问题 "
           "完成材料收集和台账整理 组织现场观摩，推广典型经验做法 两地部门按月对账，数据已核实").split()
DECISION_ACTIONS = [  # (action, category)
    ("完成新一批援滇干部人才选派", "人才支援"), ("落实年度财政援助资金预算", "资金支持"),
    ("组织上海企业开展产业合作考察对接", "产业合作"), ("制定消费帮扶专项行动方案", "消费帮扶"),
    ("完成协作项目年度计划编制", "资金支持"), ("开展协作资金使用情况专项检查", "资金支持"),
    ("举办沪滇劳务协作专场招聘会", "劳务协作"), ("梳理考核反馈问题并制定整改方案", "组织领导"),
    ("推进示范村建设现场观摩", "携手兴乡村"), ("完善协作项目联农带农机制", "产业合作"),
]
TOPICS = "劳务协作 消费帮扶 产业合作 项目资金管理 考核迎检 人才交流 携手兴乡村".split()
PROJECT_KINDS = [
    ("产业发展", "高原特色蔬菜基地 咖啡精深加工厂 茶叶初制所 肉牛养殖小区 中药材种植基地 食用菌种植大棚 "
                "冷链物流中心".split()),
    ("劳务协作", "就业帮扶车间 劳务服务站 职业技能培训中心".split()),
    ("乡村建设", "示范村人居环境提升 村内道路硬化 农村饮水安全巩固提升 村级活动场所".split()),
    ("教育", "中心学校教学楼 职业中学实训基地".split()),
    ("医疗", "乡镇卫生院能力提升 远程医疗会诊中心".split()),
    ("消费帮扶", "农产品直供直销基地 电商公共服务中心".split()),
]
TOWNS = "城关镇 新街镇 中和镇 永丰乡 龙泉镇 大坪乡 河口镇 坝心镇 平安乡 团结乡 石洞乡 马街镇".split()
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超霞平"
REASONS = "雨季施工受阻 疫情影响 用地审批手续未完成 资金到位时间调整 结合上级工作安排调整".split()
FUNDING_SOURCES = "上海市财政援助资金 区级财政援助资金 社会帮扶资金 地方配套资金".split()
BATCHES = "第一批 第二批 第三批 尾款".split()


# ---------------------------------------------------------------- YAML text

_UNSAFE = re.compile(
    r"""^[-?:,\[\]{}#&*!|>'"%@`\s]|[,\[\]{}]|: |:$| #|\s$|^[\d.+-][\d\-.:/_eE+]*$|"""
    r"""^(?:true|false|yes|no|on|off|null|y|n|~)$""",
    re.IGNORECASE,
)


def s(text: str) -> str:
    """A scalar, plain when YAML reads it back as the same string, else double-quoted."""
    return json.dumps(text, ensure_ascii=False) if _UNSAFE.search(text) else text


def flow_list(items: list[str]) -> str:
    return "[" + ", ".join(s(i) for i in items) + "]"


def num(value: int, tenths: bool) -> str:
    """An exact decimal from an integer count of tenths (73.4), or the integer itself."""
    if not tenths:
        return str(value)
    whole, frac = divmod(value, 10)
    return f"{whole}.{frac}" if frac else str(whole)


def flow_map(pairs: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


# ---------------------------------------------------------------- entities


@dataclass
class Entity:
    kind: str  # units | tasks | projects | meetings
    id: str
    folder: str  # relative folder
    data: dict[str, Any]

    @property
    def path(self) -> str:
        return f"{self.folder}/{self.id}.yaml"


@dataclass
class Plan:
    files: int
    prefectures: int
    county_cap: int
    members: int
    units: int = 0
    meetings: int = 0
    tasks: int = 0
    projects: int = 0


@dataclass
class World:
    rng: random.Random
    plan: Plan
    units: list[Entity] = field(default_factory=list)
    unit_ids: set[str] = field(default_factory=set)
    prefs: list[dict[str, Any]] = field(default_factory=list)  # id, index, name, short, counties, district…
    members: list[str] = field(default_factory=list)
    tasks: list[Entity] = field(default_factory=list)
    projects: list[Entity] = field(default_factory=list)
    meetings: list[Entity] = field(default_factory=list)
    short: dict[str, str] = field(default_factory=dict)


def make_plan(files: int) -> Plan:
    if files >= 1500:
        plan = Plan(files, 16, 99, len(MEMBERS))
    else:
        plan = Plan(files, max(1, min(16, files // 100)), max(2, min(14, files // 150)), 4)
    return plan


def budget(plan: Plan) -> None:
    """Split the files: units are fixed by the geography; meetings fill up to ~2%; 72:26 for the rest."""
    rest = round(plan.files * 0.02) - plan.units
    plan.meetings = rest if rest >= 1 else max(1, (plan.files - plan.units) // 40)
    remaining = plan.files - 1 - plan.units - plan.meetings  # 1: xiezuo.yaml
    if remaining < 2:
        raise SystemExit(f"--files {plan.files} 太少：至少需要 {plan.units + plan.meetings + 3} 个文件")
    plan.tasks = round(remaining * 72 / 98)
    plan.projects = remaining - plan.tasks


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.6 else "")


def add_unit(world: World, uid: str, folder: str, data: dict[str, Any]) -> None:
    world.units.append(Entity("units", uid, folder, data))
    world.unit_ids.add(uid)
    world.short[uid] = data.get("short") or data["name"]


def liaison(rng: random.Random, area: str, office: str) -> dict[str, str]:
    return {"name": person(rng), "office": office, "phone": f"{area}-{rng.randint(2000000, 8999999)}"}


def build_units(world: World) -> None:
    rng, plan = world.rng, world.plan
    add_unit(world, "yunnan", "units", {"name": "云南省", "kind": "province", "side": "west", "tags": []})
    add_unit(world, "shanghai", "units", {"name": "上海市", "kind": "province", "side": "east", "tags": []})
    add_unit(world, "yn-lg", "units/west", {"name": "云南省沪滇协作工作领导小组", "short": "省领导小组",
                                             "kind": "leading_group", "side": "west", "parent": "yunnan"})
    add_unit(world, "yn-office", "units/west", {
        "name": "云南省沪滇协作工作领导小组办公室", "short": "省沪滇协作办", "kind": "office", "side": "west",
        "parent": "yn-lg", "liaison": liaison(rng, "0871", "协作交流处")})
    for uid, name, short in MEMBERS[: plan.members]:
        member = {"name": name, "short": short, "kind": "member", "side": "west", "parent": "yn-lg",
                  "tags": ["领导小组成员单位"]}
        add_unit(world, uid, "units/west/members", member)
        world.members.append(uid)
    add_unit(world, "sh-coop", "units/east", {"name": "上海市人民政府合作交流办公室", "short": "市合作交流办",
                                               "kind": "office", "side": "east", "parent": "shanghai"})
    add_unit(world, "sh-front", "units/east", {"name": "上海市援滇干部联络组", "short": "援滇联络组",
                                                "kind": "front_office", "side": "east", "parent": "sh-coop"})
    for index, (full, short, area, counties) in enumerate(PREFECTURES[: plan.prefectures], start=1):
        build_prefecture(world, index, full, short, area, counties[: plan.county_cap])


def build_prefecture(world: World, index: int, full: str, short: str, area: str, counties: list[str]) -> None:
    rng = world.rng
    pid = f"pref-{index:02d}"
    district_id, district_name = DISTRICTS[index - 1]
    county_ids = [f"p{index:02d}-c{c:02d}" for c in range(1, len(counties) + 1)]
    folder = f"units/west/{pid}"
    add_unit(world, pid, folder, {
        "name": full, "short": short, "kind": "prefecture", "side": "west", "parent": "yunnan",
        "pairs": [district_id], "liaison": liaison(rng, area, "沪滇协作办"), "tags": ["沪滇协作"]})
    for cid, name in zip(county_ids, counties, strict=True):
        data: dict[str, Any] = {"name": f"{short}{name}", "short": name, "kind": "county", "side": "west",
                                "parent": pid, "pairs": [district_id]}
        if rng.random() < 0.5:
            data["liaison"] = liaison(rng, area, "乡村振兴局")
        data["tags"] = ["国家乡村振兴重点帮扶县"] if rng.random() < 0.3 else []
        add_unit(world, cid, folder, data)
    add_unit(world, district_id, "units/east/districts", {
        "name": f"上海市{district_name}", "short": district_name, "kind": "district", "side": "east",
        "parent": "shanghai", "pairs": [pid, *county_ids], "tags": [f"对口{short}"]})
    front = f"front-p{index:02d}"
    add_unit(world, front, "units/east/front", {
        "name": f"上海市援滇干部联络组{short}小组", "short": f"{short}小组", "kind": "front_office",
        "side": "east", "parent": "sh-front", "tags": []})
    world.prefs.append({"id": pid, "index": index, "name": full, "short": short, "counties": county_ids,
                        "district": district_id, "front": front})


# ---------------------------------------------------------------- dates and splits


def day_between(rng: random.Random, first: date, last: date) -> date:
    if last <= first:
        return first
    return first + timedelta(days=rng.randint(0, (last - first).days))


def month_end(day: date) -> date:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def sorted_days(rng: random.Random, first: date, last: date, count: int) -> list[date]:
    return sorted(day_between(rng, first, last) for _ in range(count))


def split(rng: random.Random, total: int, parts: int) -> list[int]:
    """total split into `parts` positive integers (fewer parts when total is small)."""
    parts = max(1, min(parts, total))
    cuts = sorted(rng.sample(range(1, total), parts - 1)) if parts > 1 else []
    edges = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(edges)]


# ---------------------------------------------------------------- tasks


def task_status(rng: random.Random, effective_due: date, year: int) -> str:
    r = rng.random()
    if effective_due < AS_OF:
        done = 0.9 if year < 2024 else 0.8
        if r < done:
            return "done"
        if r < done + 0.02:
            return "cancelled"
        return "suspended" if r < done + 0.04 else "in_progress"
    if r < 0.2:
        return "done"
    return "in_progress" if r < 0.85 else "not_started"


def make_targets(world: World, category: str, scope: list[str]) -> list[dict[str, Any]]:
    rng = world.rng
    choices = TARGETS[category]
    if not choices or rng.random() < 0.35:
        return []
    targets = []
    for key, name, unit, (low, high), tenths in rng.sample(choices, rng.randint(1, min(2, len(choices)))):
        scale = 10 if tenths else 1
        breakdown = {cid: rng.randint(low * scale, high * scale) for cid in scope}
        targets.append({"key": key, "name": name, "unit": unit, "tenths": tenths,
                        "target": sum(breakdown.values()), "breakdown": breakdown if len(scope) > 1 or
                        rng.random() < 0.5 else {}})
    return targets


def cumulative(target: dict[str, Any], share: float, as_map: bool) -> tuple[str, int]:
    """The actual of a target at `share` of its breakdown (monotone in share), and its total."""
    parts = target["breakdown"] or {"_": target["target"]}
    values = {cid: int(v * share) for cid, v in parts.items()}
    total = sum(values.values())
    if as_map and target["breakdown"]:
        shown = [(cid, num(v, target["tenths"])) for cid, v in values.items() if v]
        if shown:
            return flow_map(shown), total
    return num(total, target["tenths"]), total


def make_progress(world: World, task: dict[str, Any], last: date, count: int, final: float) -> None:
    rng = world.rng
    days = sorted_days(rng, task["start"], last, count)
    phrases = rng.sample(PHRASES, count)
    if task["status"] == "done" and count:
        phrases[-1] = "全面完成年度目标任务，申请销号"
    entries = []
    for k, (day, text) in enumerate(zip(days, phrases, strict=True), start=1):
        share = final * k / count if k < count else final
        entry: dict[str, Any] = {"date": day, "by": rng.choice(task["lead"] + task["support"])}
        actual: list[tuple[str, str]] = []
        totals: dict[str, int] = {}
        for target in task["targets"]:
            if k == count or rng.random() < 0.7:
                value, total = cumulative(target, share, rng.random() < 0.5)
                actual.append((target["key"], value))
                totals[target["key"]] = total
                if len(actual) == 1:
                    text += f"，累计{target['name']}{num(total, target['tenths'])}{target['unit']}"
        entry["text"] = text
        if actual:
            entry["actual"] = flow_map(actual)
            entry["totals"] = totals
        entries.append(entry)
    task["progress"] = entries


def close_and_report(world: World, task: dict[str, Any], effective_due: date) -> None:
    """Status, progress entries and the closing date, consistent with each other and with AS_OF."""
    rng = world.rng
    status = task["status"]
    if status == "not_started":
        task["progress"] = []
        return
    finished = status in ("done", "cancelled")
    last = min(AS_OF, effective_due + timedelta(days=20)) if finished else AS_OF
    count = rng.choice([0, 1, 1, 2, 2, 3, 3, 4, 5, 6])
    if status == "done":
        count = max(count, 1)
        final = rng.uniform(1.0, 1.15)
    else:
        elapsed = (AS_OF - task["start"]).days / max(1, (effective_due - task["start"]).days)
        final = min(0.97, max(0.05, elapsed * rng.uniform(0.5, 1.05)))
    make_progress(world, task, last, count, final)
    if finished:
        closed = task["progress"][-1]["date"] if task["progress"] else day_between(rng, task["start"], last)
        task["closed"] = closed


def extensions(world: World, task: dict[str, Any]) -> date:
    """Maybe extend the deadline once or twice; returns the effective deadline."""
    rng = world.rng
    due: date = task["due"]
    task["extensions"] = []
    if rng.random() >= 0.1:
        return due
    for _ in range(rng.choice([1, 1, 2])):
        when = day_between(rng, max(task["start"], due - timedelta(days=40)), due)
        due = due + timedelta(days=rng.choice([30, 45, 61, 92]))
        task["extensions"].append({"date": min(when, AS_OF), "new_due": due, "reason": rng.choice(REASONS),
                                   "approved_by": "yn-office"})
    return due


def lead_for(world: World, category: str, pref: dict[str, Any]) -> tuple[list[str], list[str], str]:
    """(lead, support, place name used in the title)."""
    rng = world.rng
    r = rng.random()
    if r < 0.5:
        county = rng.choice(pref["counties"])
        support = [pref["id"], pref["front"]] if rng.random() < 0.5 else [pref["front"]]
        return [county], support, world.short[county]
    depts = [m for m in CATEGORY_LEADS[category] if m in world.unit_ids] or ["yn-office"]
    if r < 0.8:
        return [pref["id"]], [pref["front"], rng.choice(depts)], pref["short"]
    return [rng.choice(depts)], [pref["id"], pref["front"]], pref["short"]


def base_task(world: World, kind: str, year: int, pref: dict[str, Any]) -> dict[str, Any]:
    rng = world.rng
    category = rng.choices(CATEGORIES, CATEGORY_WEIGHTS)[0]
    lead, support, place = lead_for(world, category, pref)
    if kind == "rectification":
        title = f"整改{place}{rng.choice(PROBLEMS)}问题"
        source = f"{year - 1}年度东西部协作考核反馈问题"
    elif kind == "coordination":
        title, source = f"协调解决{place}{rng.choice(MATTERS)}问题", None
    else:
        title = rng.choice(TITLES[category]).format(p=place)
        source = f"云沪协组发〔{year}〕{rng.randint(1, 12)}号"
    start = date(year, 1, 1) + timedelta(days=rng.randint(0, 150))
    due = min(date(year, 12, 31), start + timedelta(days=rng.randint(60, 330)))
    scope = lead if lead[0] in pref["counties"] else pref["counties"]
    return {"title": title, "kind": kind, "category": category, "year": year, "source": source, "lead": lead,
            "support": support, "start": start, "due": due,
            "targets": make_targets(world, category, scope) if kind == "key_task" else []}


def finish_task(world: World, task: dict[str, Any]) -> dict[str, Any]:
    rng = world.rng
    effective = extensions(world, task)
    task["status"] = task_status(rng, effective, task["year"])
    close_and_report(world, task, effective)
    if rng.random() < 0.12:
        task["supervision"] = rng.choice(["county", "prefecture", "prefecture", "province"])
    if rng.random() < 0.3:
        task["description"] = [f"{task['title']}，纳入年度沪滇协作考核。", rng.choice(PHRASES) + "。"]
    return task


def build_tasks(world: World, count: int, serial: int) -> None:
    rng = world.rng
    weights = [len(p["counties"]) + 2 for p in world.prefs]
    for n in range(serial, serial + count):
        year = rng.choices(YEARS, [16, 18, 20, 22, 24])[0]
        pref = rng.choices(world.prefs, weights)[0]
        kind = rng.choices(["key_task", "rectification", "coordination"], [80, 10, 10])[0]
        task = finish_task(world, base_task(world, kind, year, pref))
        tid = f"{year}-P{pref['index']:02d}-{n:05d}"
        world.tasks.append(Entity("tasks", tid, f"tasks/{year}/{pref['id']}", task))


# ---------------------------------------------------------------- meetings and their decision tasks


MEETING_KINDS = ["joint", "topical", "liaison", "plenary"]


def meeting_title(world: World, kind: str, year: int, pref: dict[str, Any], nth: int) -> str:
    district = world.short[pref["district"]]
    if kind == "joint":
        return f"{year}年{pref['short']}与上海市{district}东西部协作联席会议"
    if kind == "topical":
        return f"{pref['short']}沪滇协作{world.rng.choice(TOPICS)}专题会议"
    if kind == "liaison":
        return f"{year}年沪滇协作联络员会议（第{nth}次）"
    return f"{year}年云南省沪滇协作工作领导小组全体会议（第{nth}次）"


def build_meetings(world: World, count: int, decision_budget: int) -> None:
    rng = world.rng
    numbers: dict[tuple[int, str], int] = {}
    decisions_left = decision_budget
    for n in range(1, count + 1):
        year = YEARS[(n - 1) % len(YEARS)]
        kind = rng.choices(MEETING_KINDS, [40, 35, 15, 10])[0]
        pref = rng.choice(world.prefs)
        nth = numbers[(year, kind)] = numbers.get((year, kind), 0) + 1
        numbers[(year, "")] = numbers.get((year, ""), 0) + 1  # 纪要号 run through the year
        day = day_between(rng, date(year, 1, 10), min(date(year, 12, 20), AS_OF - timedelta(days=30)))
        mid = f"{year}-{day.month:02d}-{kind}-{n:04d}"
        attendees = ["yn-office", *rng.sample(world.members, min(3, len(world.members))), pref["id"]]
        meeting: dict[str, Any] = {
            "title": meeting_title(world, kind, year, pref, nth), "kind": kind,
            "number": f"〔{year}〕{numbers[(year, '')]}号",
            "date": day, "place": "省政府第一会议室" if kind == "plenary" else f"{pref['short']}政府会议室",
            "chair": "副省长（领导小组副组长）" if kind == "plenary" else f"{pref['short']}分管副职领导",
            "attendees": attendees, "invited": [pref["front"], pref["district"], "各县（市、区）分管领导"],
            "topics": [f"听取{pref['short']}沪滇协作工作情况汇报", f"研究{rng.choice(TOPICS)}重点工作"],
            "decisions": [], "recorder": person(rng),
        }
        for _ in range(rng.randint(1, 4)):
            link = decisions_left > 0 and rng.random() < 0.85
            meeting["decisions"].append(make_decision(world, mid, meeting, pref, link))
            decisions_left -= link
        world.meetings.append(Entity("meetings", mid, f"meetings/{year}", meeting))


def make_decision(
    world: World, mid: str, meeting: dict[str, Any], pref: dict[str, Any], link: bool
) -> dict[str, Any]:
    rng = world.rng
    day: date = meeting["date"]
    action, category = rng.choice(DECISION_ACTIONS)
    lead = [rng.choice([*world.members, pref["id"]])]
    due = month_end(day + timedelta(days=rng.choice([30, 60, 90, 120, 180])))
    text = f"{world.short[lead[0]]}牵头，{due.month}月底前{action}"
    decision: dict[str, Any] = {"text": text, "lead": lead, "due": due}
    if link:
        tid = f"{day.year}-D-{len(world.tasks) + 1:05d}"
        task = {"title": action, "kind": "decision", "category": category,
                "year": day.year, "source": mid, "lead": lead, "support": [pref["front"]], "start": day,
                "due": due, "targets": []}
        world.tasks.append(Entity("tasks", tid, f"tasks/{day.year}/decisions", finish_task(world, task)))
        decision["task"] = tid
    return decision


# ---------------------------------------------------------------- projects


def project_status(rng: random.Random, due: date) -> str:
    if due < AS_OF - timedelta(days=60):
        finished = ["completed", "accepted", "audited", "in_progress", "cancelled"]
        return rng.choices(finished, [35, 30, 25, 7, 3])[0]
    return rng.choices(["planned", "approved", "in_progress", "completed"], [10, 20, 60, 10])[0]


def payments(world: World, project: dict[str, Any], total: int, last: date) -> None:
    rng = world.rng
    status = project["status"]
    if status in ("completed", "accepted", "audited"):
        paid = total
    elif status == "in_progress":
        paid = int(total * rng.uniform(0.3, 0.9))
    elif status == "approved" and rng.random() < 0.5:
        paid = int(total * rng.uniform(0.1, 0.3))
    else:
        paid = 0
    amounts = split(rng, paid, rng.randint(1, 3)) if paid > 0 else []
    days = sorted_days(rng, project["start"], last, len(amounts))
    project["disbursements"] = [
        {"date": d, "amount": a, "note": BATCHES[i] if i < len(amounts) - 1 or i == 0 else BATCHES[-1]}
        for i, (d, a) in enumerate(zip(days, amounts, strict=True))
    ]


def build_project(world: World, year: int, pref: dict[str, Any]) -> dict[str, Any]:
    rng = world.rng
    county = rng.choice(pref["counties"])
    category, things = rng.choice(PROJECT_KINDS)
    total = rng.randint(300, 30000)  # tenths of 万元
    lines = split(rng, total, rng.choice([1, 1, 1, 2, 3]))
    start = date(year, rng.randint(2, 6), rng.randint(1, 28))
    due = start + timedelta(days=rng.randint(120, 420))
    project: dict[str, Any] = {
        "name": f"{world.short[county]}{rng.choice(TOWNS)}{rng.choice(things)}项目", "year": year,
        "plan": f"{year}年沪滇协作项目计划", "category": category, "county": county,
        "implementer": county if rng.random() < 0.7 else pref["id"],
        "funding": [{"source": FUNDING_SOURCES[i], "amount": a} for i, a in enumerate(lines)],
        "start": start, "due": due, "beneficiaries": rng.randint(50, 3000) if rng.random() < 0.8 else None,
    }
    project["status"] = status = project_status(rng, due)
    last = AS_OF
    if status in ("completed", "accepted", "audited", "cancelled"):
        low = start + timedelta(days=30)
        finished = day_between(rng, max(low, due - timedelta(days=60)), due + timedelta(days=60))
        project["completed"] = last = min(AS_OF, finished)
    payments(world, project, total if status != "cancelled" else 0, last)
    by = [county, pref["front"]]
    project["progress"] = [{"date": d, "text": rng.choice(PHRASES), "by": rng.choice(by)}
                           for d in sorted_days(rng, start, last, rng.choice([0, 1, 2, 2, 3, 4]))]
    project["changes"] = []
    if rng.random() < 0.05:
        project["changes"].append({"date": day_between(rng, start, last), "approved_by": pref["id"],
                                   "text": f"建设地点调整为{rng.choice(TOWNS)}，建设内容和资金规模不变"})
    if rng.random() < 0.08:
        project["supervision"] = rng.choice(["county", "prefecture"])
    return project


def build_projects(world: World, count: int) -> None:
    rng = world.rng
    weights = [len(p["counties"]) + 1 for p in world.prefs]
    for n in range(1, count + 1):
        year = rng.choices(YEARS, [18, 19, 20, 21, 22])[0]
        pref = rng.choices(world.prefs, weights)[0]
        pid = f"{year}-P{pref['index']:02d}-XM{n:05d}"
        project = build_project(world, year, pref)
        world.projects.append(Entity("projects", pid, f"projects/{year}/{pref['id']}", project))


# ---------------------------------------------------------------- rendering


def render_unit(u: dict[str, Any]) -> str:
    lines = [f"name: {s(u['name'])}"]
    if u.get("short"):
        lines.append(f"short: {s(u['short'])}")
    lines += [f"kind: {u['kind']}", f"side: {u['side']}"]
    if u.get("parent"):
        lines.append(f"parent: {u['parent']}")
    if u.get("pairs"):
        lines.append(f"pairs: {flow_list(u['pairs'])}")
    if u.get("liaison"):
        li = u["liaison"]
        fields = [("name", s(li["name"])), ("office", s(li["office"])), ("phone", s(li["phone"]))]
        lines.append(f"liaison: {flow_map(fields)}")
    lines.append(f"tags: {flow_list(u.get('tags', []))}")
    return "\n".join(lines) + "\n"


def render_targets(targets: list[dict[str, Any]]) -> list[str]:
    lines = ["targets:"]
    for t in targets:
        lines += [f"  - key: {t['key']}", f"    name: {s(t['name'])}", f"    unit: {s(t['unit'])}",
                  f"    target: {num(t['target'], t['tenths'])}"]
        if t["breakdown"]:
            parts = [(k, num(v, t["tenths"])) for k, v in t["breakdown"].items()]
            lines.append(f"    breakdown: {flow_map(parts)}")
    return lines


def render_progress(entries: list[dict[str, Any]]) -> list[str]:
    lines = ["progress:"]
    for e in entries:
        lines += [f"  - date: {e['date']}", f"    text: {s(e['text'])}"]
        if e.get("by"):
            lines.append(f"    by: {e['by']}")
        if e.get("actual"):
            lines.append(f"    actual: {e['actual']}")
    return lines


def render_task(t: dict[str, Any]) -> str:
    lines = [f"title: {s(t['title'])}", f"kind: {t['kind']}", f"category: {t['category']}",
             f"year: {t['year']}"]
    if t.get("source"):
        lines.append(f"source: {s(t['source'])}")
    lines.append(f"lead: {flow_list(t['lead'])}")
    if t["support"]:
        lines.append(f"support: {flow_list(t['support'])}")
    lines += [f"start: {t['start']}", f"due: {t['due']}", f"status: {t['status']}"]
    if t.get("closed"):
        lines.append(f"closed: {t['closed']}")
    if t.get("supervision"):
        lines.append(f"supervision: {t['supervision']}   # 挂牌督办")
    if t.get("description"):
        lines += ["description: |", *(f"  {line}" for line in t["description"])]
    if t["targets"]:
        lines += render_targets(t["targets"])
    if t["progress"]:
        lines += render_progress(t["progress"])
    if t["extensions"]:
        lines.append("extensions:")
        lines += [f"  - {{date: {x['date']}, new_due: {x['new_due']}, reason: {s(x['reason'])}, "
                  f"approved_by: {x['approved_by']}}}" for x in t["extensions"]]
    return "\n".join(lines) + "\n"


def render_project(p: dict[str, Any]) -> str:
    lines = [f"name: {s(p['name'])}", f"year: {p['year']}", f"plan: {s(p['plan'])}",
             f"category: {s(p['category'])}", f"county: {p['county']}", f"implementer: {p['implementer']}",
             "funding:"]
    lines += [f"  - {{source: {s(f['source'])}, amount: {num(f['amount'], True)}}}" for f in p["funding"]]
    if p["disbursements"]:
        lines.append("disbursements:")
        lines += [f"  - {{date: {d['date']}, amount: {num(d['amount'], True)}, note: {s(d['note'])}}}"
                  for d in p["disbursements"]]
    lines += [f"status: {p['status']}", f"start: {p['start']}", f"due: {p['due']}"]
    if p.get("completed"):
        lines.append(f"completed: {p['completed']}")
    if p.get("beneficiaries") is not None:
        lines.append(f"beneficiaries: {p['beneficiaries']}")
    if p.get("supervision"):
        lines.append(f"supervision: {p['supervision']}")
    if p["progress"]:
        lines += render_progress(p["progress"])
    if p["changes"]:
        lines.append("changes:")
        lines += [f"  - {{date: {c['date']}, text: {s(c['text'])}, approved_by: {c['approved_by']}}}"
                  for c in p["changes"]]
    return "\n".join(lines) + "\n"


def render_meeting(m: dict[str, Any]) -> str:
    lines = [f"title: {s(m['title'])}", f"kind: {m['kind']}", f"number: {s(m['number'])}",
             f"date: {m['date']}", f"place: {s(m['place'])}", f"chair: {s(m['chair'])}",
             f"attendees: {flow_list(m['attendees'])}",
             f"invited: {flow_list(m['invited'])}", "topics:", *(f"  - {s(t)}" for t in m["topics"]), "",
             "decisions:"]
    for d in m["decisions"]:
        lines += [f"  - text: {s(d['text'])}", f"    lead: {flow_list(d['lead'])}", f"    due: {d['due']}"]
        if d.get("task"):
            lines.append(f"    task: {d['task']}")
    lines += ["", f"recorder: {s(m['recorder'])}"]
    return "\n".join(lines) + "\n"


RENDER = {"units": render_unit, "tasks": render_task, "projects": render_project, "meetings": render_meeting}


def render(entity: Entity) -> str:
    return RENDER[entity.kind](entity.data)


def config_text() -> str:
    return (
        "office: 云南省沪滇协作工作领导小组办公室   # 基准测试用合成台账\n"
        "short: 省沪滇协作办\n"
        "bulletin:\n"
        "  title: 沪滇协作工作月度通报\n"
        "  first_month: 2020-01\n"
        "  distribution:\n"
        "    报: [省委办公厅, 省政府办公厅, 上海市人民政府合作交流办公室]\n"
        "    送: [省领导小组各成员单位]\n"
        "    发: [各州（市）沪滇协作办, 上海市援滇干部联络组]\n"
        "due_soon_days: 15\n"
        "stale_days: 30\n"
        "lag_tolerance: 0.1\n"
        f"categories: {flow_list(CATEGORIES)}\n"
        "auto_commit: false\n"
    )


# ---------------------------------------------------------------- the second commit


def last_total(task: dict[str, Any], key: str) -> int:
    for entry in reversed(task["progress"]):
        if key in entry.get("totals", {}):
            return int(entry["totals"][key])
    return 0


def append_progress(task: dict[str, Any]) -> None:
    entry: dict[str, Any] = {"date": CHANGE_DATE, "text": "年末调度，各项工作按计划推进",
                             "by": task["lead"][0]}
    if task["targets"]:
        target = task["targets"][0]
        total = last_total(task, target["key"]) + max(1, target["target"] // 20)
        entry["actual"] = flow_map([(target["key"], num(total, target["tenths"]))])
        entry["text"] += f"，累计{target['name']}{num(total, target['tenths'])}{target['unit']}"
    if task["status"] == "not_started":
        task["status"] = "in_progress"
    task["progress"].append(entry)


def follow_up(task: dict[str, Any]) -> None:
    task["progress"].append({"date": CHANGE_DATE, "text": "销号后跟踪回访，成效巩固良好", "by": "yn-office"})


def close_task(task: dict[str, Any]) -> None:
    task["status"] = "done"
    task["closed"] = CHANGE_DATE
    task["progress"].append({"date": CHANGE_DATE, "text": "经核验已完成，同意销号", "by": "yn-office"})


def unpaid(project: dict[str, Any]) -> int:
    """Funding not yet disbursed, in tenths of 万元."""
    total = sum(f["amount"] for f in project["funding"])
    return int(total - sum(d["amount"] for d in project["disbursements"]))


def disburse(project: dict[str, Any]) -> None:
    amount = max(1, unpaid(project) // 2)
    project["disbursements"].append({"date": CHANGE_DATE, "amount": amount, "note": "年末拨付"})


def pick_changes(world: World) -> list[tuple[Entity, Any]]:
    """Up to 20 distinct entities with the change to make: 8 progress, 6 closings, 6 disbursements."""
    rng = random.Random(world.rng.random())
    open_tasks = [t for t in world.tasks if t.data["status"] in ("in_progress", "not_started", "suspended")]
    payable = [p for p in world.projects
               if p.data["status"] in ("approved", "in_progress") and unpaid(p.data) > 0]
    rng.shuffle(open_tasks)
    rng.shuffle(payable)
    closing = [t for t in open_tasks if t.data["status"] == "in_progress"][:6]
    closing_ids = {t.id for t in closing}
    progress = [t for t in open_tasks if t.id not in closing_ids]
    picked: list[tuple[Entity, Any]] = [(p, disburse) for p in payable[:6]]
    picked += [(t, close_task) for t in closing]
    picked += [(t, append_progress) for t in progress[: CHANGED_FILES - len(picked)]]
    if len(picked) < CHANGED_FILES:
        picked += [(p, disburse) for p in payable[6 : 6 + CHANGED_FILES - len(picked)]]
    if len(picked) < CHANGED_FILES:  # small ledgers: follow-up visits on finished tasks
        finished = [t for t in world.tasks if t.data["status"] in ("done", "cancelled")]
        picked += [(t, follow_up) for t in finished[: CHANGED_FILES - len(picked)]]
    return picked[:CHANGED_FILES]


# ---------------------------------------------------------------- output


GIT_ENV = {
    "GIT_AUTHOR_NAME": "基准生成器", "GIT_AUTHOR_EMAIL": "bench@example.org",
    "GIT_COMMITTER_NAME": "基准生成器", "GIT_COMMITTER_EMAIL": "bench@example.org",
}


def git(root: Path, *args: str, when: date) -> None:
    stamp = f"{when.isoformat()}T18:00:00+08:00"
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
    subprocess.run(["git", "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", *args],
                   cwd=root, env=env, check=True, stdout=subprocess.DEVNULL)


def write_all(root: Path, entities: list[Entity]) -> None:
    made: set[str] = set()
    for entity in entities:
        if entity.folder not in made:
            (root / entity.folder).mkdir(parents=True, exist_ok=True)
            made.add(entity.folder)
        (root / entity.path).write_text(render(entity), encoding="utf-8", newline="\n")


def build(files: int, seed: int) -> World:
    world = World(random.Random(seed), make_plan(files))
    build_units(world)
    world.plan.units = len(world.units)
    budget(world.plan)
    decisions = min(world.plan.tasks // 3, world.plan.meetings * 4)
    build_meetings(world, world.plan.meetings, decisions)
    build_tasks(world, world.plan.tasks - len(world.tasks), len(world.tasks) + 1)
    build_projects(world, world.plan.projects)
    return world


def task_to_update(world: World, changed: set[str]) -> Entity:
    """An open task the second commit left alone, for the `task update` benchmark (any task if none)."""
    unchanged = [t for t in world.tasks if t.id not in changed] or world.tasks
    running = [t for t in unchanged if t.data["status"] == "in_progress"]
    current = [t for t in running if t.data["year"] == YEARS[-1] and not t.data["extensions"]]
    candidates = current or running or unchanged
    return candidates[len(candidates) // 2]


def generate(out: Path, files: int, seed: int) -> dict[str, Any]:
    """Write the ledger and its two commits; returns what the marker records."""
    world = build(files, seed)
    out.mkdir(parents=True, exist_ok=True)
    (out / "xiezuo.yaml").write_text(config_text(), "utf-8")
    entities = world.units + world.meetings + world.tasks + world.projects
    write_all(out, entities)
    git(out, "init", "-q", "-b", "main", when=AS_OF)
    with (out / ".git" / "info" / "exclude").open("a", encoding="utf-8") as handle:
        handle.write(f"{MARKER}\n.xiezuo/\n")
    git(out, "add", "-A", when=AS_OF)
    git(out, "commit", "-q", "-m", f"合成台账：{len(entities) + 1} 个文件（种子 {seed}）", when=AS_OF)
    changes = pick_changes(world)
    for entity, change in changes:
        change(entity.data)
    write_all(out, [entity for entity, _ in changes])
    message = f"年末更新 {len(changes)} 个条目：新增进展、销号、拨付"
    git(out, "commit", "-q", "-a", "-m", message, when=CHANGE_DATE)
    changed = {entity.id for entity, _ in changes}
    open_task = task_to_update(world, changed)
    marker = {"generator": GENERATOR_VERSION, "files": files, "seed": seed, "written": len(entities) + 1,
              "units": len(world.units), "tasks": len(world.tasks), "projects": len(world.projects),
              "meetings": len(world.meetings), "changed": len(changes), "as_of": AS_OF.isoformat(),
              "open_task": open_task.id, "open_task_path": open_task.path}
    (out / MARKER).write_text(json.dumps(marker, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return marker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成基准测试用的大型合成台账（git 仓库，两次提交）")
    parser.add_argument("out", type=Path, help="输出目录（必须不存在或为空，除非 --force）")
    parser.add_argument("--files", type=int, default=35000, help="文件总数（含 xiezuo.yaml），默认 35000")
    parser.add_argument("--seed", type=int, default=1, help="随机种子，默认 1；同一种子生成的文件完全相同")
    parser.add_argument("--force", action="store_true", help="输出目录已存在时先删除")
    args = parser.parse_args(argv)
    out: Path = args.out
    if out.exists() and any(out.iterdir()):
        if not args.force:
            print(f"错误：{out} 已存在且不为空（加 --force 覆盖）", file=sys.stderr)
            return 2
        shutil.rmtree(out)
    began = time.perf_counter()
    marker = generate(out, args.files, args.seed)
    took = time.perf_counter() - began
    print(f"已生成 {out}：{marker['written']} 个文件（单位 {marker['units']}，任务 {marker['tasks']}，"
          f"项目 {marker['projects']}，会议 {marker['meetings']}），"
          f"第二次提交改动 {marker['changed']} 个文件，用时 {took:.1f} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main())
