#!/usr/bin/env bash
# Rebuild the texts of every labelled batch of devset/extra/labels (raw5-raw108) from the
# archives they were drawn from, one builder call a batch, in ascending order: build_hotlists.py
# leaves out the titles of the batches before it that are already in the output folder.
#
# Each archive is a clone (or a fetched snapshot) at MIRRORS/<owner>+<name>/repo:
#     git clone https://github.com/<owner>/<name> "$MIRRORS/<owner>+<name>/repo"
# The texts are third-party and stay outside the repository (OUT, by default ../extra/leads).
# raw8 and raw9 need a clone of GitSeek2/cssec-weekly in CSSEC, or copies of its pool files at
# the commits build_cssec.py pins in CSSEC_COPIES (laid out as in the repository).
#
#     devset/extra/rebuild_all.sh
#     piwatch eval --corpus ../extra/leads --labels devset/extra/labels --by-group
set -euo pipefail

cd "$(dirname "$0")/../.."
OUT=${OUT:-../extra/leads}
M=${MIRRORS:-../.mirror}
PY=${PY:-.venv/bin/python}
[ -x "$PY" ] || PY=python3
B=devset/extra
mkdir -p "$OUT"
run() { echo "+ $*" >&2; "$PY" "$@"; }

run $B/build_weibo.py      "$M"/justjavac+weibo-trending-hot-search/repo "$OUT"             # raw5 raw6 raw18
run $B/build_zhihu.py      "$M"/justjavac+zhihu-trending-hot-questions/repo "$OUT"          # raw7
if [ -n "${CSSEC:-}" ]; then                                                      # raw8 raw9
  run $B/build_cssec.py --batch raw8 "$CSSEC" "$OUT"
  run $B/build_cssec.py --batch raw9 "$CSSEC" "$OUT"
elif [ -n "${CSSEC_COPIES:-}" ]; then
  run $B/build_cssec.py --copies --batch raw8 "$CSSEC_COPIES" "$OUT"
  run $B/build_cssec.py --copies --batch raw9 "$CSSEC_COPIES" "$OUT"
else
  echo "skipping raw8 and raw9: set CSSEC to a clone of GitSeek2/cssec-weekly" >&2
fi
run $B/build_bedtime.py    "$M"/bedtimenews+bedtimenews-archive-contents/repo "$OUT"/raw10/bedtimenews_transcripts.jsonl
run $B/build_news.py --batch raw11 "$M"/Patrick233+Cluster-Chinese-news-Article/repo "$OUT"/raw11/sina_news_2018.jsonl
run $B/build_news.py --batch raw12 "$M"/Patrick233+Cluster-Chinese-news-Article/repo "$OUT"/raw12/sina_news_2018.jsonl
run $B/build_news.py --batch raw13 "$M"/Patrick233+Cluster-Chinese-news-Article/repo "$OUT"/raw13/sina_news_2018.jsonl
run $B/build_picker.py --all "$M"/chainreactors+picker/repo "$OUT"                         # raw14-17,19-36,46,48,49,53
for b in raw37 raw38 raw39 raw40; do
  case $b in
    raw37) r=cornerAnt+baidu-hot-hub ;; raw38) r=cxyfreedom+website-hot-hub ;;
    raw39) r=lonnyzhang423+v2ex-hot-hub ;; raw40) r=lonnyzhang423+zhihu-hot-hub ;;
  esac
  run $B/build_hotlists.py --batch $b "$M"/$r/repo "$OUT"
done
run $B/build_weibo_posts.py --batch raw41 "$M"/nateafish+weibo-hot-hub/repo "$OUT"
run $B/build_digest60s.py  "$M"/vikiboss+60s-static-host/repo "$OUT"                       # raw42
run $B/build_reviews.py --batch raw43 "$M"/SophonPlus+ChineseNlpCorpus/repo "$OUT"
run $B/build_breaches.py   "$M"/ffffffff0x+Dork-Admin/repo "$OUT"                          # raw44
run $B/build_hotlists.py --batch raw45 "$M"/justjavac+weibo-trending-hot-search/repo "$OUT"
run $B/build_hotlists.py --batch raw47 "$M"/justjavac+weibo-trending-hot-search/repo "$OUT"
run $B/build_weibo_posts.py --batch raw50 "$M"/nateafish+weibo-hot-hub/repo "$OUT"
run $B/build_bedtime.py --batch raw51 "$M"/bedtimenews+bedtimenews-archive-contents/repo "$OUT"/raw51/bedtimenews_transcripts.jsonl
run $B/build_weibo_posts.py --batch raw52 "$M"/nateafish+weibo-hot-hub/repo "$OUT"
run $B/build_flagged_titles.py --batch raw54 "$M" "$OUT"
run $B/build_reviews.py --batch raw55 "$M"/SophonPlus+ChineseNlpCorpus/repo "$OUT"
run $B/build_flagged_texts.py --batch raw56 "$M" "$OUT"
run $B/build_flagged_texts.py --batch raw57 "$M" "$OUT"
run $B/build_hotlists.py --batch raw58 "$M"/misshu4301+fin-hot-hub/repo "$OUT"
run $B/build_hotlists.py --batch raw59 "$M"/Clinglavine+weibo-hot-hub/repo "$OUT"
run $B/build_hotlists.py --batch raw60 "$M"/coderyjc+zhihu-hot-hub/repo "$OUT"
run $B/build_xwlb.py       "$M"/DuckBurnIncense+xin-wen-lian-bo/repo "$OUT"                # raw61
run $B/build_hotlists.py --batch raw62 "$M"/justjavac+weibo-trending-hot-search/repo "$OUT"
run $B/build_hotlists.py --batch raw63 "$M"/Snychng+website-hot-hub/repo "$OUT"
run $B/build_drops.py      "$M"/neargle+SecNewsBak/repo "$OUT"                             # raw64
run $B/build_lecard.py     "$M"/myx666+LeCaRD/repo "$OUT"                                  # raw65
run $B/build_flagged_titles.py --batch raw66 "$M" "$OUT"
run $B/build_flagged_texts.py --batch raw67 "$M" "$OUT"
run $B/build_flagged_titles.py --batch raw68 "$M" "$OUT"
run $B/build_flagged_texts.py --batch raw69 "$M" "$OUT"
run $B/build_flagged_titles.py --batch raw70 "$M" "$OUT"
run $B/build_ced.py        "$M"/thunlp+Chinese_Rumor_Dataset/repo "$OUT"                   # raw71
run $B/build_crawler_cases.py "$M"/HiddenStrawberry+Crawler_Illegal_Cases_In_China/repo "$OUT"  # raw72
for b in raw73 raw74 raw75 raw76; do
  run $B/build_sec_profile.py --batch $b "$M"/Iori-yimaga+sec_profile/repo "$OUT"
done
run $B/build_wechat_feeds.py --batch raw77 "$M"/hellodword+wechat-feeds/repo "$OUT"
run $B/build_tech_feed.py --batch raw78 "$M"/flaging+feed/repo "$OUT"
run $B/build_wechat_feeds.py --batch raw79 "$M"/hellodword+wechat-feeds/repo "$OUT"
run $B/build_tech_feed.py --batch raw80 "$M"/flaging+feed/repo "$OUT"
run $B/build_wechat_feeds.py --batch raw81 "$M"/hellodword+wechat-feeds/repo "$OUT"
run $B/build_deleted_wechat.py --batch raw82 "$M"/Terminus2049+Wechatscope/repo "$OUT"
run $B/build_deleted_wechat.py --batch raw83 "$M"/Terminus2049+Wechatscope/repo "$OUT"
run $B/build_cdt_articles.py "$M"/duty-machine+chinadigitaltimes/repo "$OUT"               # raw84
run $B/build_security_wechat.py --batch raw85 "$M"/izj007+wechat/repo "$OUT"
run $B/build_security_wechat.py --batch raw86 "$M"/izj007+wechat/repo "$OUT"
run $B/build_bdci_news.py --batch raw87 "$M"/U-Help+DS2019/repo "$OUT"
run $B/build_bdci_news.py --batch raw88 "$M"/U-Help+DS2019/repo "$OUT"
run $B/build_fin_negative.py --batch raw89 "$M"/ssymmetry+BBT-FinCUGE-Applications/repo "$OUT"
run $B/build_fin_negative.py --batch raw90 "$M"/ssymmetry+BBT-FinCUGE-Applications/repo "$OUT"
run $B/build_fin_headlines.py --batch raw91 "$M"/JINGEWU+Financial-Sentiment-Analysis/repo "$OUT"
run $B/build_fin_headlines.py --batch raw92 "$M"/JINGEWU+Financial-Sentiment-Analysis/repo "$OUT"
run $B/build_ncov_weibo.py "$M"/gaowenxin95+le_topic_model/repo "$OUT"                     # raw93
run $B/build_fin_negative.py --batch raw94 "$M"/ssymmetry+BBT-FinCUGE-Applications/repo "$OUT"
run $B/build_fin_negative.py --batch raw95 "$M"/ssymmetry+BBT-FinCUGE-Applications/repo "$OUT"
run $B/build_fin_test.py --batch raw96 "$M"/A-Rain+BDCI2019-Negative_Finance_Info_Judge/repo "$OUT"
run $B/build_fin_test.py --batch raw97 "$M"/A-Rain+BDCI2019-Negative_Finance_Info_Judge/repo "$OUT"
run $B/build_lawbench.py --batch raw98 "$M"/open-compass+LawBench/repo "$OUT"
run $B/build_lawbench.py --batch raw99 "$M"/open-compass+LawBench/repo "$OUT"
run $B/build_hkcnews.py --batch raw100 "$M"/hkarchivist+hkcnews-article-archive/repo "$OUT"
run $B/build_hkcnews.py --batch raw101 "$M"/hkarchivist+hkcnews-article-archive/repo "$OUT"
run $B/build_stance_weibo.py "$M"/jacoxu+2016NLPCC_Stance_Detection/repo "$OUT"            # raw102
run $B/build_cail_facts.py "$M"/sihuajian+cail2018/repo "$OUT"                        # raw103
run $B/build_hkcnews.py --batch raw104 "$M"/hkarchivist+hkcnews-article-archive/repo "$OUT"
run $B/build_hkcnews.py --batch raw105 "$M"/hkarchivist+hkcnews-article-archive/repo "$OUT"
run $B/build_hkcnews.py --batch raw106 "$M"/hkarchivist+hkcnews-article-archive/repo "$OUT"
run $B/build_hkcnews.py --batch raw107 "$M"/hkarchivist+hkcnews-article-archive/repo "$OUT"
run $B/build_hkcnews.py --batch raw108 "$M"/hkarchivist+hkcnews-article-archive/repo "$OUT"
run $B/build_flagged_texts.py --batch raw109 "$M" "$OUT"
run $B/build_flagged_titles.py --batch raw110 "$M" "$OUT"
run $B/build_sec_profile.py --batch raw111 "$M"/Iori-yimaga+sec_profile/repo "$OUT"
run $B/build_fin_negative.py --batch raw112 "$M"/ssymmetry+BBT-FinCUGE-Applications/repo "$OUT"
