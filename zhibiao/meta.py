"""Who gave a report and for which year: place, province, level, admin code and report year.

Place names are resolved with jionlp's location parser and its national table of provinces, cities and
counties (shipped inside the jionlp wheel, nothing downloaded), so that counties and districts
(`江都区`, `东台市`, `平遥县`) get their province, city and code. The report year is read from the text
first (title, session date, section headings) and from the file name second; `year_source` says which.
"""

from __future__ import annotations

import contextlib
import io
import re
from datetime import date
from functools import lru_cache
from pathlib import Path

HEAD_CHARS = 3000
# Place names never contain 年, 在 or 的, which would otherwise be taken from `2022年镇江市`.
_NAME = r"(?:(?![年在的代表])[\u4e00-\u9fff])"
_PLACE = (rf"(?P<place>(?:[(（]?{_NAME}{{2,6}}(?:省|自治区)[)）]?)?(?:{_NAME}{{1,8}}?(?:市|自治州|州|盟|地区))?"
          rf"(?:{_NAME}{{1,8}}?(?:区|县|旗|市))?)")
PLACE_PATTERNS = (
    ("title", re.compile(_PLACE + r"(?:人民)?政府工作报告")),
    ("session", re.compile(r"在" + _PLACE + r"(?:第[一二三四五六七八九十]+届|[一二三四五六七八九十]+届)")),
    ("session", re.compile(r"代表" + _PLACE + r"人民政府")),
)
# What a report calls its own area (`全区人民`) says which level a name found by counting must have.
_SELF = re.compile(r"全(区|县|市|旗)")
MIN_MENTIONS = 3

_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
# a session date in Chinese numerals (`二〇二四年一月十日`, its year made Arabic by arabic_years)
_CHINESE_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日")
# A year written in Chinese numerals (`二〇二四年`, `二零二四年`, `二○二四年`): the same year in Arabic digits,
# one character for one, so that what is read of it keeps its offsets.
_CHINESE_YEAR = re.compile(r"[一二][〇○零一二三四五六七八九]{3}(?=年)")
_CHINESE_DIGITS = str.maketrans("〇○零一二三四五六七八九", "000123456789")
# (pattern, years to add): a heading of the year planned is the report year, one of the year reviewed is one before.
YEAR_PATTERNS = (
    ("title", re.compile(r"(?P<y>(?:19|20)\d{2})年[《<]?(?:[\u4e00-\u9fff()（）]{0,16})?政府工作报告"), 0),
    ("session date", _DATE, 0),
    ("session date", _CHINESE_DATE, 0),
    ("heading", re.compile(r"(?P<y>(?:19|20)\d{2})年(?:政府工作任务|主要工作|工作安排|工作任务|重点工作|工作建议)"), 0),
    ("heading", re.compile(r"(?:汇报|(?=(?:19|20)\d{2}年(?:的)?工作回顾))(?P<y>(?:19|20)\d{2})年"), 1),
)
# a year of its own, or the year of a date stamp (`报告_20240110.txt`)
_FILE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:(?!\d)|(?=(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)))")
# The years a report of the People's Republic can be for: a file name's `report-1900` or `-2099` is some other number
FIRST_YEAR = 1949


def year_range() -> tuple[int, int]:
    """The first and the last plausible report year (next year's report may be out in December)."""
    return FIRST_YEAR, date.today().year + 1


def plausible_year(year: int) -> bool:
    first, last = year_range()
    return first <= year <= last


def report_meta(text: str, file_name: str | None = None) -> dict:
    """place, province, city, level, admin_code, place_source, year, year_source of a report."""
    head = text[:HEAD_CHARS]
    return {**report_place(head, text), **report_year(head, file_name)}


def report_year(head: str, file_name: str | None = None) -> dict:
    """The report year from the head of the text, else from the file name; None with year_source None."""
    head = arabic_years(head)
    for source, pattern, shift in YEAR_PATTERNS:
        match = pattern.search(head)
        if match:
            return {"year": int(match["y"]) + shift, "year_source": source}
    years = [year for year in file_name_years(file_name) if plausible_year(year)] if file_name else []
    if years:
        return {"year": years[0], "year_source": "file name"}
    return {"year": None, "year_source": None}


def file_name_years(file_name: str) -> list[int]:
    return [int(year) for year in _FILE_YEAR.findall(arabic_years(Path(file_name).name))]


def arabic_years(text: str) -> str:
    """`text` with each year written in Chinese numerals before 年 in Arabic digits (`二〇二四年` → `2024年`)."""
    return _CHINESE_YEAR.sub(lambda match: match.group().translate(_CHINESE_DIGITS), text)


def file_name_year_note(file_name: str, taken: int | None) -> str | None:
    """A warning for a report whose year was to come from its file name (`taken`, or None) when the name holds a
    year outside year_range() (not taken) or more than one year (the first plausible one is taken); else None."""
    years = file_name_years(file_name)
    first, last = year_range()
    if odd := [year for year in years if not plausible_year(year)]:
        return (f"{file_name}: the year {odd[0]} in the file name is outside {first}–{last}, not taken as the report "
                "year; " + (f"{taken} is" if taken is not None else "its records have none"))
    if len(set(years)) > 1:
        return (f"{file_name}: the file name holds {len(years)} years ({', '.join(map(str, years))}); the report year "
                f"is taken as the first, {taken}: check it")
    return None


def text_year_note(file_name: str, year: int | None, source: str | None) -> str | None:
    """A warning when the year read from the text is none of the plausible years the file name holds
    (`dongtai-2023.txt` whose title says 2024): the text's is taken, but one of them names the wrong report."""
    years = sorted({year for year in file_name_years(file_name) if plausible_year(year)})
    if year is None or not years or year in years:
        return None
    return (f"{file_name}: the text gives the report year {year} ({source}), the file name "
            f"{', '.join(map(str, years))}; {year} is taken: check the file is the report its name says")


def report_place(head: str, text: str | None = None) -> dict:
    """Place from the title or session line of the head; else the area of the report's level it names
    most often (`钟楼` with `全区`); every field None when neither gives one."""
    for source, pattern in PLACE_PATTERNS:
        for match in pattern.finditer(head):
            name = match.group("place").strip("()（）")
            resolved = resolve_place(name) if name else None
            if resolved:
                return {**resolved, "place_source": source}
    resolved = most_named_area(text or head)
    if resolved:
        return {**resolved, "place_source": "mentions"}
    return {key: None for key in ("place", "province", "city", "county", "level", "admin_code", "place_source")}


def resolve_place(name: str) -> dict | None:
    """Province, city, county, level and admin code of a place name, or None when jionlp knows no such place."""
    parsed = parse_location(name)
    province, city, county = parsed.get("province"), parsed.get("city"), parsed.get("county")
    if not province or not _names_it(name, province, city, county):
        return None
    if county:
        level = "county"
    elif city and city != province:
        level = "prefecture"
    else:
        level = "province"
    place = {"county": county, "prefecture": city, "province": province}[level]
    return {"place": place, "province": province, "city": city if city != province else None, "county": county,
            "level": level, "admin_code": admin_code(province, city, county)}


def _names_it(name: str, province: str, city: str | None, county: str | None) -> bool:
    """jionlp fills the province in from a city or county; the name must contain the most specific part found."""
    aliases = location_aliases()
    deepest = county or city or province
    return deepest in name or any(alias in name for alias in aliases.get(deepest, ()))


def most_named_area(text: str) -> dict | None:
    """The area of the report's own level (全区 → a district) whose short name the text uses most, if at
    least MIN_MENTIONS times and more than any other; None otherwise."""
    selves = [m.group(1) for m in _SELF.finditer(text)]
    if not selves:
        return None
    # A district's report also says 全市 (its prefecture): on a tie the lower level is the report's own.
    suffix = min(set(selves), key=lambda word: (-selves.count(word), "区县旗市".index(word)))
    counts = []
    for full, (province, city, aliases) in county_table().items():
        if full.endswith(suffix):
            count = max((text.count(alias) for alias in aliases), default=0)
            if count >= MIN_MENTIONS:
                counts.append((count, full, province, city))
    counts.sort(reverse=True)
    if not counts or (len(counts) > 1 and counts[1][0] == counts[0][0]):
        return None
    _, full, province, city = counts[0]
    return resolve_place(f"{province}{city if city != province else ''}{full}")


# ---------------------------------------------------------------- jionlp (the edge)

@lru_cache(maxsize=1)
def _jionlp():
    with contextlib.redirect_stdout(io.StringIO()):  # jionlp prints a banner on import
        import jionlp
    return jionlp


def parse_location(name: str) -> dict:
    return _jionlp().parse_location(name)


@lru_cache(maxsize=1)
def _table() -> dict:
    return _jionlp().china_location_loader(detail=True)


def admin_code(province: str, city: str | None, county: str | None) -> str | None:
    node = _table().get(province)
    for part in (city, county):
        if node is None or not part:
            break
        node = node.get(part)
    return node.get("_admin_code") if isinstance(node, dict) else None


def _aliases(node: dict) -> list[str]:
    alias = node.get("_alias") or []
    return [alias] if isinstance(alias, str) else list(alias)


@lru_cache(maxsize=1)
def location_aliases() -> dict[str, tuple[str, ...]]:
    """Full name → short names (江都区 → 江都) of every province, city and county."""
    found: dict[str, tuple[str, ...]] = {}
    for province, pnode in _table().items():
        found[province] = tuple(_aliases(pnode))
        for city, cnode in _children(pnode):
            found.setdefault(city, tuple(_aliases(cnode)))
            for county, knode in _children(cnode):
                found.setdefault(county, tuple(_aliases(knode)))
    return found


@lru_cache(maxsize=1)
def county_table() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """County-level name → (province, city, short names), for names only one county has."""
    seen: dict[str, list] = {}
    for province, pnode in _table().items():
        for city, cnode in _children(pnode):
            for county, knode in _children(cnode):
                aliases = tuple(a for a in _aliases(knode) if len(a) >= 2 and not _common_word(a))
                seen.setdefault(county, []).append((province, city, aliases))
    return {name: places[0] for name, places in seen.items() if len(places) == 1}


# jieba's tags of words that name an action or a quality (`合作`, a county of Gansu; `开发`, `安全`): such a
# short name counts no mention of its county (the full name, `合作市`, still does)
_COMMON_TAGS = frozenset({"v", "vn", "vd", "a", "an", "ad", "d"})


def _common_word(alias: str) -> bool:
    from .boundaries import dictionary_tag

    return dictionary_tag(alias) in _COMMON_TAGS


def _children(node: dict):
    return ((key, value) for key, value in node.items() if not key.startswith("_") and isinstance(value, dict))
