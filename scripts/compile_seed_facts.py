"""Compile data/seed_facts.csv: the facts the claims ledger uses to check seed claims that no
chapter of the book checks (per-capita GDP, the 1954 constitution, Fengqiao, migration).

Run from the repository root:  python scripts/compile_seed_facts.py [path/to/data/raw]

Two kinds of row, both carrying their public source:

* rows copied from the cited fact sheets in data/raw (copied from ../shared/data-sources) (named by file and row), with
  the fact sheet's own confidence;
* a handful of facts transcribed from public web pages (URL on the row, the source's own words
  in ``verbatim``).  These are secondary sources (newspaper features, a publisher's description
  of an official document collection); their confidence is stated on each row and the ledger's
  notes say so.

Nothing is computed here: the script only selects and relabels.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # for the shared helper below
from _tables import write_csv  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT / "data" / "raw"
OUT = ROOT / "data" / "seed_facts.csv"

FIELDS = ["fact_id", "quantity", "value", "qualifier", "unit", "year", "date", "confidence",
          "source", "source_location", "verbatim"]

# (fact_id, fact-sheet file, selector) -> rows copied from the fact sheets.
FROM_SHEETS = [
    ("zj_gdp_pc_usd_2003", "zhejiang_safety_series.csv",
     {"indicator": "per_capita_gdp_usd", "geography": "Zhejiang", "year": "2003"}, "more than"),
    ("zj_gdp_pc_usd_2005", "zhejiang_safety_series.csv",
     {"indicator": "per_capita_gdp_usd", "geography": "Zhejiang", "year": "2005"}, "about"),
    ("zj_gdp_pc_usd_2006", "zhejiang_safety_series.csv",
     {"indicator": "per_capita_gdp_usd", "geography": "Zhejiang", "year": "2006"}, "exact"),
    ("cn_floating_pop_2020", "four_cities_facts.csv", {"id": "E150"}, "exact"),
    ("cn_pop_apart_from_hukou_2020", "four_cities_facts.csv", {"id": "E151"}, "exact"),
    ("custody_repatriation_abolished", "four_cities_facts.csv", {"id": "E160"}, "exact"),
    ("cn_floating_pop_growth_2010_2020", "four_cities_facts.csv", {"id": "E153"}, "exact"),
]

# Facts transcribed from public pages (found in a search of stored public web pages).
TRANSCRIBED = [
    {"fact_id": "constitution1954_discussants", "quantity": "people who took part in the national "
     "discussion of the 1954 draft constitution", "value": "150000000", "qualifier": "more than",
     "unit": "persons", "year": "1954", "date": "", "confidence": "medium",
     "source": "http://ulib.interlib.cn/tcshop/1111/product/20990658.html",
     "source_location": "publisher's description of a document collection compiled with the NPC "
     "Standing Committee's Legislative Affairs Commission (constitution office)",
     "verbatim": "在近三个月的全民大讨论中,全国一亿五千多万人参加了宪法草案的讨论"},
    {"fact_id": "constitution1954_opinions", "quantity": "suggested amendments and additions "
     "collected in the national discussion of the 1954 draft constitution (incl. organic laws)",
     "value": "1180000", "qualifier": "more than", "unit": "suggestions", "year": "1954",
     "date": "", "confidence": "medium",
     "source": "http://ulib.interlib.cn/tcshop/1111/product/20990658.html",
     "source_location": "same description",
     "verbatim": "收集整理了包括宪法草案和各组织法草案共一百一十八万多条修改或补充意见"},
    {"fact_id": "constitution1954_discussion_months_max", "quantity": "length of the national "
     "discussion of the draft constitution", "value": "3", "qualifier": "nearly", "unit": "months",
     "year": "1954", "date": "", "confidence": "medium",
     "source": "http://ulib.interlib.cn/tcshop/1111/product/20990658.html",
     "source_location": "same description", "verbatim": "在近三个月的全民大讨论中"},
    {"fact_id": "constitution1954_discussion_months_min", "quantity": "length of the national "
     "discussion of the draft constitution", "value": "2", "qualifier": "more than",
     "unit": "months", "year": "1954", "date": "", "confidence": "low",
     "source": "http://www.talentonion.com/showbook/119643/1664012.html",
     "source_location": "online book chapter on the making of the 1954 constitution",
     "verbatim": "在两个多月的时间里,有超过1.5亿余人"},
    {"fact_id": "constitution1954_draft_published", "quantity": "date the draft constitution was "
     "adopted for publication and national discussion", "value": "6", "qualifier": "exact",
     "unit": "month of 1954", "year": "1954", "date": "1954-06-14", "confidence": "medium",
     "source": "http://ulib.interlib.cn/tcshop/1111/product/20990658.html",
     "source_location": "same description",
     "verbatim": "1954年6月14日…一致通过了《中华人民共和国宪法草案》…交付全国人民讨论"},
    {"fact_id": "constitution1954_adopted", "quantity": "date the first NPC adopted the "
     "constitution", "value": "1954", "qualifier": "exact", "unit": "year", "year": "1954",
     "date": "1954-09-20", "confidence": "medium",
     "source": "http://paper.people.com.cn/zgjjzk/html/2009-09/28/content_355705.htm",
     "source_location": "China Economic Weekly (People's Daily group) 2009-09-28, oral history "
     "of Xu Chongde", "verbatim": "1954年9月20日下午,一届全国人大一次会议举行全体会议,对宪法草案进行表决"},
    {"fact_id": "constitution1954_hangzhou_group", "quantity": "date Mao organised the drafting "
     "group's work in Hangzhou", "value": "1954", "qualifier": "exact", "unit": "year",
     "year": "1954", "date": "1954-01-09", "confidence": "medium",
     "source": "http://paper.people.com.cn/zgjjzk/html/2009-09/28/content_355705.htm",
     "source_location": "same oral history",
     "verbatim": "1954年1月9日,毛泽东亲自组织了一个宪法起草小组到杭州起草宪法草稿"},
    # Official city-size classes (transcribed from reference pages that quote the standards).
    {"fact_id": "city_size_1989_large", "quantity": "lower bound of a 'large city' (大城市) in the "
     "1989 City Planning Law, art. 4: non-agricultural population of the urban and near-suburban "
     "districts", "value": "500000", "qualifier": "exact", "unit": "persons", "year": "1989",
     "date": "", "confidence": "low", "source": "https://66.aolonic.com/aa/udpivvsx.html",
     "source_location": "Q&A page quoting article 4 of the 1989 City Planning Law (also quoted "
     "at http://bk.haodianxin.cn/mip.php/%E5%A4%A7%E5%9F%8E%E5%B8%82)",
     "verbatim": "大城市是指市区和近郊区非农业人口五十万以上的城市"},
    {"fact_id": "city_size_1980_extra_large", "quantity": "lower bound of an 'extra-large city' "
     "(特大城市) in the 1980 classification: non-agricultural population of the central and "
     "near-suburban districts", "value": "1000000", "qualifier": "exact", "unit": "persons",
     "year": "1980", "date": "", "confidence": "low",
     "source": "http://bk.haodianxin.cn/mip.php/%E5%A4%A7%E5%9F%8E%E5%B8%82",
     "source_location": "encyclopedia mirror, entry 大城市 (weak)",
     "verbatim": "中心城区和近郊区非农牧人口100万以上为特大城市,50万以上到100万为大城市"},
    {"fact_id": "city_size_2014_extra_large", "quantity": "lower bound of an 'extra-large city' "
     "(特大城市) in the State Council's 2014 notice (Guofa [2014] No. 51): resident population of "
     "the urban area", "value": "5000000", "qualifier": "exact", "unit": "persons",
     "year": "2014", "date": "2014-11-20", "confidence": "low",
     "source": "http://bk.haodianxin.cn/mip.php/%E5%A4%A7%E5%9F%8E%E5%B8%82",
     "source_location": "encyclopedia mirror, entry 大城市 (weak)",
     "verbatim": "特大城市:城区常住人口500至1000万"},
    # Dates of Party meetings and national events (official or major-media pages).
    {"fact_id": "cpc_first_congress", "quantity": "year of the first CPC National Congress (the "
     "Party's founding)", "value": "1921", "qualifier": "exact", "unit": "year", "year": "1921",
     "date": "", "confidence": "high",
     "source": "http://subsites.chinadaily.com.cn/ezhejiang/2024-05/01/c_392860.htm",
     "source_location": "ezhejiang.gov.cn / China Daily, 'Zhejiang, a tide rider', 1 May 2024",
     "verbatim": "In 1921, the first CPC National Congress was successfully held on a small boat on "
     "Nanhu Lake in Jiaxing"},
    {"fact_id": "reform_start", "quantity": "year of the Third Plenary Session of the 11th Central "
     "Committee, the start of reform and opening-up", "value": "1978", "qualifier": "exact",
     "unit": "year", "year": "1978", "date": "", "confidence": "high",
     "source": "https://china.usc.edu/decision-central-committee-communist-party-china-some-major-issues-concerning-comprehensively",
     "source_location": "USC US-China Institute, English text of the 2013 Decision, section I.1",
     "verbatim": "Since 1978, when the Third Plenary Session of the 11th CPC Central Committee was "
     "convened, the CPC ... has firmly promoted reforms"},
    {"fact_id": "cpc12_sixth_plenum", "quantity": "date of the Sixth Plenary Session of the 12th "
     "Central Committee", "value": "1986", "qualifier": "exact", "unit": "year", "year": "1986",
     "date": "1986-09-28", "confidence": "high",
     "source": "http://ycdt.jsjc.gov.cn/zt/dsxx/202210/t20221025_1448344.shtml",
     "source_location": "Jiangsu procuratorate party-history page (from Xuexi Qiangguo), 2022-10-25",
     "verbatim": "中国共产党第十二届六中全会于1986年9月28日在北京举行"},
    {"fact_id": "cpc16_congress", "quantity": "dates of the 16th CPC National Congress",
     "value": "2002", "qualifier": "exact", "unit": "year", "year": "2002", "date": "2002-11-08",
     "confidence": "medium",
     "source": "http://wiki.china.org.cn/index.php?title=The_16th_National_Congress_of_the_Communist_Party_of_China&printable=yes",
     "source_location": "China.org.cn wiki entry (its summary of the report lists ten items, none "
     "of them the Scientific Outlook on Development)", "verbatim": "Date: Nov. 8-14, 2002"},
    {"fact_id": "scientific_outlook_2004", "quantity": "year of the earliest source in hand that "
     "names the 'scientific concept of development' (credited to Hu Jintao)", "value": "2004",
     "qualifier": "exact", "unit": "year", "year": "2004", "date": "", "confidence": "medium",
     "source": "http://english.china.org.cn/english/features/China2004/107000.htm",
     "source_location": "China.org.cn 'China 2004' feature on the March 2004 government work report",
     "verbatim": "CPC General Secretary Hu Jintao summed up the approach as a \"scientific concept "
     "of development.\""},
    {"fact_id": "cpc18_congress", "quantity": "opening date of the 18th CPC National Congress",
     "value": "2012", "qualifier": "exact", "unit": "year", "year": "2012", "date": "2012-11-08",
     "confidence": "high", "source": "http://www.macon.com/news/business/article170393692.html",
     "source_location": "AP photo caption reprinted by the Macon Telegraph, 31 Aug 2017",
     "verbatim": "In this Nov. 8, 2012, file photo, then Chinese President Hu Jintao ... addresses "
     "the opening session of the 18th Communist Party Congress"},
    {"fact_id": "cpc18_third_plenum", "quantity": "dates of the Third Plenary Session of the 18th "
     "Central Committee", "value": "2013", "qualifier": "exact", "unit": "year", "year": "2013",
     "date": "2013-11-12", "confidence": "high",
     "source": "http://www.china.org.cn/china/third_plenary_session/2014-01/15/content_31203056.htm",
     "source_location": "China.org.cn, Communique of the Third Plenary Session",
     "verbatim": "The Third Plenary Session of the 18th Central Committee of the Communist Party of "
     "China was held in Beijing from November 9 to 12, 2013."},
    {"fact_id": "cpc19_congress", "quantity": "opening date of the 19th CPC National Congress, at "
     "which the report was delivered", "value": "2017", "qualifier": "exact", "unit": "year",
     "year": "2017", "date": "2017-10-18", "confidence": "high",
     "source": "http://www.ezhejiang.gov.cn/2017-10/18/c_107224.htm",
     "source_location": "ezhejiang.gov.cn (Xinhua / China Daily), 18 Oct 2017",
     "verbatim": "Xi Jinping delivers a report to the 19th CPC National Congress at the Great Hall "
     "of the People in Beijing, Oct 18, 2017."},
    {"fact_id": "wto_accession", "quantity": "date China became a member of the WTO",
     "value": "2001", "qualifier": "exact", "unit": "year", "year": "2001", "date": "2001-12-11",
     "confidence": "high",
     "source": "http://www.china.org.cn/english/china_key_words/2018-10/29/content_68887063.htm",
     "source_location": "China.org.cn key words, 'China's accession to the WTO', 29 Oct 2018",
     "verbatim": "China formally joined the World Trade Organization (WTO) and became its 143rd "
     "member on December 11, 2001."},
    {"fact_id": "zj_15th_party_congress", "quantity": "opening date of the 15th Zhejiang "
     "Provincial Party Congress", "value": "2022", "qualifier": "exact", "unit": "year",
     "year": "2022", "date": "2022-06-20", "confidence": "low",
     "source": "https://newton.com.tw/wiki/%E4%B8%AD%E5%9C%8B%E5%85%B1%E7%94%A2%E9%BB%A8%E6%B5%99%E6%B1%9F%E7%9C%81%E7%AC%AC%E5%8D%81%E4%BA%94%E6%AC%A1%E4%BB%A3%E8%A1%A8%E5%A4%A7%E6%9C%83%E5%A0%B1%E5%91%8A/64304768",
     "source_location": "encyclopedia page on the 15th Zhejiang Party Congress report (weak)",
     "verbatim": "2022年6月20日,中國共產黨浙江省第十五次代表大會隆重開幕"},
    {"fact_id": "peaceful_zj_tenth_anniversary", "quantity": "year of the provincial press "
     "conference marking the tenth anniversary of the Peaceful Zhejiang strategy", "value": "2014",
     "qualifier": "exact", "unit": "year", "year": "2014", "date": "2014-04-10",
     "confidence": "medium", "source": "http://zjnews.zjol.com.cn/system/2014/04/10/019959703.shtml",
     "source_location": "zhejiang_safety_series.csv describes this report as 'Zhejiang Online "
     "2014-04-10 on 10th-anniversary Peaceful Zhejiang press conference'",
     "verbatim": "Zhejiang Online 2014-04-10 on 10th-anniversary Peaceful Zhejiang press conference"},
    {"fact_id": "fengqiao_origin", "quantity": "date of Mao's instruction that made the Fengqiao "
     "Experience a national model", "value": "1963", "qualifier": "exact", "unit": "year",
     "year": "1963", "date": "1963-11-20", "confidence": "medium",
     "source": "http://www.shaoxing.com.cn/p/77692.html",
     "source_location": "Shaoxing Evening News 2018-09-20, '1963年,枫桥经验诞生'",
     "verbatim": "1963年11月20日,正在杭州视察的毛泽东同志看到一则公安部送上来的发言稿"},
    {"fact_id": "hobbes_leviathan_published", "quantity": "year Hobbes's Leviathan (where he sets "
     "out the state of nature) was published", "value": "1651", "qualifier": "exact",
     "unit": "year", "year": "", "date": "", "confidence": "medium",
     "source": "https://forest-flower.com/university/note.php?timestamp=2020-10-19%2007:21:00",
     "source_location": "reading note on the Project Gutenberg edition, header lines "
     "(a bookshop description, booktrepreneur.store, gives the same year)",
     "verbatim": "Published: 1651"},
    {"fact_id": "maine_ancient_law_published", "quantity": "year Maine's Ancient Law (the "
     "'from status to contract' thesis) was first published", "value": "1861",
     "qualifier": "exact", "unit": "year", "year": "1861", "date": "", "confidence": "high",
     "source": "https://www.taylorfrancis.com/books/9781843141044/chapters/10.4324/9781843141044-18",
     "source_location": "Taylor & Francis, chapter abstract on Maine in a jurisprudence textbook",
     "verbatim": "Ancient Law ... (1861)"},
    {"fact_id": "two_centenary_goals_first_proposed", "quantity": "year the CPC first proposed "
     "the two centenary goals", "value": "1997", "qualifier": "exact", "unit": "year",
     "year": "1997", "date": "", "confidence": "medium",
     "source": "https://en.gmw.cn/2022-10/30/content_37009746.htm",
     "source_location": "Guangming Online (English), 2022-10-30, explainer on the two centenary goals",
     "verbatim": "In 1997, the two-centenary goals were first proposed by the CPC"},
    {"fact_id": "two_centenary_goals_18th_congress", "quantity": "year the CPC Central Committee "
     "raised the two centenary goals at the 18th National Congress", "value": "2012",
     "qualifier": "exact", "unit": "year", "year": "2012", "date": "2012-11-08",
     "confidence": "high",
     "source": "https://www.chinadaily.com.cn/cndy/2017-10/16/content_33308277.htm",
     "source_location": "China Daily, 2017-10-16, 'Goals will look beyond 5 years'",
     "verbatim": "raised the two centenary goals at the Party's 18th National Congress held in November 2012"},
    {"fact_id": "cpc18_five_sphere_plan", "quantity": "number of spheres of the overall plan "
     "(economic, political, cultural, social, ecological) in the 18th Congress report, which "
     "extended the earlier four-sphere plan", "value": "5", "qualifier": "exact",
     "unit": "spheres", "year": "2012", "date": "2012-11-09", "confidence": "high",
     "source": "http://japanese.china.org.cn/politics/txt/2012-11/09/content_27058119_2.htm",
     "source_location": "China.org.cn (Japanese edition, with the Chinese text), 2012-11-09, on "
     "the 18th Congress report: 'from four-in-one to five-in-one'",
     "verbatim": "由“四位一体”拓展为包括生态文明建设的“五位一体”"},
    {"fact_id": "constitution1954_team_arrives_hangzhou", "quantity": "arrival of Mao and the "
     "constitution drafting group in Hangzhou (evening)", "value": "1953", "qualifier": "exact",
     "unit": "year", "year": "1953", "date": "1953-12-27", "confidence": "medium",
     "source": "https://54xfg.com/index-index-xfxxwsxfyhzdetail-id-1485.html",
     "source_location": "site of the 1954-constitution history exhibition (54xfg.com): memoir "
     "of two of Mao's guards in Hangzhou",
     "verbatim": "1953年12月27日晚,毛主席到杭州"},
    {"fact_id": "constitution1954_hangzhou_days", "quantity": "days Mao stayed at 84 Beishan Road "
     "drafting the constitution (27 Dec 1953 to 15 Mar 1954)", "value": "77",
     "qualifier": "exact", "unit": "days", "year": "1954", "date": "", "confidence": "low",
     "source": "http://www.ifuun.com/a20178264742469/",
     "source_location": "history feature on 84 Beishan Road (aggregator page, weak)",
     "verbatim": "整整呆了77天"},
    {"fact_id": "peaceful_zj_decided", "quantity": "year the provincial Party committee decided "
     "to build Peaceful Zhejiang", "value": "2004", "qualifier": "exact", "unit": "year",
     "year": "2004", "date": "", "confidence": "medium",
     "source": "http://zjnews.zjol.com.cn/05zjnews/system/2011/04/01/017410815.shtml",
     "source_location": "Zhejiang Online (the provincial Party newspaper's site), 2011-04-01, "
     "commentary on the provincial Peaceful Zhejiang conference, para 1",
     "verbatim": "自2004年省委作出建设“平安浙江”的决策部署以来"},
    {"fact_id": "peaceful_zj_six_guarantees", "quantity": "number of the 'six guarantees' of "
     "the Peaceful Zhejiang programme, as listed by the provincial Peaceful Zhejiang office",
     "value": "6", "qualifier": "exact", "unit": "guarantees", "year": "2004", "date": "",
     "confidence": "medium",
     "source": "http://oaap.cn/xwzx/dl/shh/200809/t20080912_743378.htm",
     "source_location": "Xinhua (Hangzhou, 2008-09-11) repost, quoting the director of the "
     "provincial Peaceful Zhejiang office; the six items are listed",
     "verbatim": "“六个确保”,即确保社会政治稳定;确保治安状况良好;确保经济运行稳健;确保安全生产状况稳定好转;确保社会公共安全;确保人民安居乐业"},
]


def _pick(rows: list[dict], sel: dict) -> dict:
    hits = [r for r in rows if all(r.get(k, "").strip() == v for k, v in sel.items())]
    if len(hits) != 1:
        raise SystemExit(f"selector {sel} matched {len(hits)} rows (expected exactly one)")
    return hits[0]


def main(src: Path = DEFAULT) -> None:
    out = []
    for fact_id, fname, sel, qualifier in FROM_SHEETS:
        rows = list(csv.DictReader(open(src / fname, encoding="utf-8")))
        r = _pick(rows, sel)
        if fname == "four_cities_facts.csv":
            out.append({"fact_id": fact_id, "quantity": r["quantity"], "value": r["value"],
                        "qualifier": qualifier, "unit": r["unit"], "year": r["year"][:4],
                        "date": "", "confidence": r["confidence"], "source": r["source_url"],
                        "source_location": f"{fname} {r['id']}: {r['source_location']}",
                        "verbatim": r["verbatim_number_context"]})
        else:
            out.append({"fact_id": fact_id, "quantity": f"{r['indicator']} ({r['geography']})",
                        "value": r["value"], "qualifier": qualifier, "unit": r["unit"],
                        "year": r["year"], "date": "", "confidence": r["confidence"],
                        "source": r["source_url"],
                        "source_location": f"{fname}: {r['source_location']}",
                        "verbatim": r["source_location"]})
    out.extend(TRANSCRIBED)
    for row in out:
        for k in FIELDS:
            row[k] = " ".join(str(row.get(k, "")).split())
    out.sort(key=lambda d: d["fact_id"])
    write_csv(out, OUT, FIELDS)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
