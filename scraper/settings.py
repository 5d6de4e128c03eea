"""Scrapy settings for the news-corpus project.

Only non-default values live here. Project features use one prefix each, with
the on/off flag first: ``CLEANER_*``, ``SCORING_*``, ``STATE_*``, ``DEDUP_*``,
``ROUTING_*``, ``OUTPUT_*``, ...
Every value can be overridden on the command line with ``-s NAME=VALUE``.
"""

from pathlib import Path

BOT_NAME = "scraper"

SPIDER_MODULES = ["scraper.spiders"]
NEWSPIDER_MODULE = "scraper.spiders"
COMMANDS_MODULE = "scraper.commands"

# --- Politeness -------------------------------------------------------------
USER_AGENT = "news-corpus/0.1 (+https://example.org/news-corpus; research crawler)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 32
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
REDIRECT_MAX_TIMES = 10
# scraper.middlewares.redirects: how long a redirect onto another requested URL waits for that
# URL's own outcome (to tell redirect_duplicate from redirect_loop), in seconds.
REDIRECT_JOIN_TIMEOUT = 120.0
RETRY_ENABLED = True
RETRY_TIMES = 2
# scraper.middlewares.retry_after: a 429/503 with Retry-After waits that long (the host's whole
# slot waits) before its retry; a longer wait than this many seconds is not retried at all.
RETRY_AFTER_ENABLED = True
RETRY_AFTER_MAX = 120.0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- Components: each stated once, here ---------------------------------------
# A page's way: downloader middlewares -> spider -> item pipelines
# (clean+score -> dedup -> state) -> feeds. Extensions watch the whole crawl.
DOWNLOADER_MIDDLEWARES = {
    # robots.txt checked for every request waiting on it (Scrapy 2.19 bug, see
    # scraper.middlewares.robots); replaces Scrapy's own.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "scraper.middlewares.robots.RobotsTxtMiddleware": 100,
    # Conditional requests from the state store; a 304 ends quietly (off unless STATE_ENABLED).
    "scraper.middlewares.conditional.ConditionalRequestMiddleware": 580,
    # Scrapy's redirect middlewares, replaced: loops fail as redirect_loop, a hop onto a
    # URL requested on its own as redirect_duplicate (scraper.middlewares.redirects).
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "scraper.middlewares.redirects.LoopSafeMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "scraper.middlewares.redirects.LoopSafeRedirectMiddleware": 600,
    # Retry-After on 429/503, seen before Scrapy's RetryMiddleware (550) on the way back.
    "scraper.middlewares.retry_after.RetryAfterMiddleware": 560,
    # Before HttpCompressionMiddleware (590) inflates it: a cut-short gzip body fails.
    "scraper.middlewares.sniff.TruncatedBodyMiddleware": 595,
    # Routes *.test demo/fixture hosts to a local server (off unless ROUTING_HOSTS is set).
    "scraper.middlewares.routing.HostRoutingMiddleware": 740,
    # SSRF guard, after HostRoutingMiddleware (740) and HttpProxyMiddleware (750): sees the proxy.
    "scraper.middlewares.security.SafeRequestMiddleware": 760,
}
SPIDER_MIDDLEWARES = {
    # Re-issues requests a crashed run left unfinished (off unless STATE_ENABLED).
    "scraper.middlewares.resume.ResumeSpiderMiddleware": 960,
}
ITEM_PIPELINES = {
    "scraper.pipelines.cleaning.CleanScorePipeline": 300,
    "scraper.pipelines.dedup.DedupPipeline": 400,
    "scraper.pipelines.state.StatePipeline": 900,  # drops unchanged articles (STATE_ENABLED)
}
EXTENSIONS = {
    # requested = articles + failures + skipped, in stats and log (ACCOUNTING_ENABLED).
    "scraper.extensions.accounting.Accounting": 500,
    # One progress line every PROGRESS_INTERVAL seconds.
    "scraper.extensions.progress.Progress": 600,
    # State store, run lock, pending requests, final counts (off unless STATE_ENABLED).
    "scraper.extensions.state.StateExtension": 1000,
}
# DefaultFeeds: the two feeds below unless the command line names one;
# RedisFrontier: the shared frontier when REDIS_URL is set (scraper.distributed).
ADDONS = {
    "scraper.addons.DefaultFeeds": 0,
    "scraper.distributed.RedisFrontier": 10,
}
# Each exported line is one O_APPEND write: whole or absent after a kill -9.
FEED_STORAGES = {
    "": "scraper.feedstorage.LineFileFeedStorage",
    "file": "scraper.feedstorage.LineFileFeedStorage",
}

# --- Cleaning and scoring (CLEANER_*, SCORING_*, DEDUP_*) ----------------------
CLEANER_ENABLED = True
CLEANER_MIN_TEXT_CHARS = 120
# Site templates: short lines that recur on at least CLEANER_TEMPLATE_MIN_PAGES pages
# and CLEANER_TEMPLATE_MIN_SHARE of a source's pages are boilerplate (kind "template").
# Learned as the crawl goes; kept in the state store between runs when STATE_ENABLED.
CLEANER_TEMPLATES_ENABLED = True
CLEANER_TEMPLATE_MIN_PAGES = 5
CLEANER_TEMPLATE_MIN_SHARE = 0.5
SCORING_ENABLED = True
DEDUP_ENABLED = True

# Hostname pattern -> "http://host:port" of a local server that serves those hosts.
# Used by the demo spider and the tests; empty for real crawls. (HOST_ROUTES, its
# older name, is still read, with a deprecation warning.)
ROUTING_HOSTS: dict[str, str] = {}

# --- Output -------------------------------------------------------------------
# Articles and failures go to two files; `-o/-O FILE` replaces both with that file
# (applied by the DefaultFeeds add-on only when the command line names no feed).
# (DEFAULT_FEEDS, its older name, is still read, with a deprecation warning.)
OUTPUT_FEEDS = {
    "output/%(name)s/articles-%(time)s.jsonl": {
        "format": "jsonlines",
        "encoding": "utf8",
        "item_classes": ["scraper.items.ArticleItem"],
    },
    "output/%(name)s/failures-%(time)s.jsonl": {
        "format": "jsonlines",
        "encoding": "utf8",
        "item_classes": ["scraper.items.FailureItem"],
    },
}
FEED_EXPORT_ENCODING = "utf-8"

# --- Incremental state (STATE_*) ---------------------------------------------
# Scheduled re-crawls: conditional requests, new/changed/unchanged decision,
# old-entry skipping, a run lock and kill-and-resume. See README "Operations".
STATE_ENABLED = False
STATE_PATH = ".scrapy/state/%(name)s.sqlite"  # relative to the working directory
STATE_CONDITIONAL_REQUESTS = True
STATE_SKIP_OLD_ENTRIES = True  # feed/sitemap entries dated before the last successful run
STATE_RESUME = True  # re-issue requests an interrupted run left unfinished
STATE_LOCK_HEARTBEAT = 15.0  # seconds
STATE_LOCK_STALE = 120.0  # seconds without heartbeat before another run takes the lock over

# --- Seeds --------------------------------------------------------------------
SEEDS_FILE = str(Path(__file__).resolve().parent.parent / "seeds" / "outlets.toml")

# --- Site spider ------------------------------------------------------------
DEPTH_LIMIT = 3

# --- Security and limits ------------------------------------------------------
# scraper.middlewares.security: refuse non-http(s) URLs always; refuse loopback, private,
# link-local/metadata, CGNAT and other non-global addresses (checked after DNS
# resolution, redirects and proxies included) unless SECURITY_ALLOW_PRIVATE_NETWORKS.
# Tests and the demo set it True. SECURITY_PRIVATE_NETWORKS_ALLOWED: CIDRs exempt.
# (The names without SECURITY_, from before, are still read.)
SECURITY_ALLOW_PRIVATE_NETWORKS = False
SECURITY_PRIVATE_NETWORKS_ALLOWED: list[str] = []
# Limits with stable failure reasons (scraper.middlewares.failures): DOWNLOAD_MAXSIZE above
# bounds the body and its decompressed size (too_large), REDIRECT_MAX_TIMES the
# hops (too_many_redirects), DOWNLOAD_TIMEOUT the wait (timeout).
# scraper.extensions.accounting: requested = articles + failures + skipped, in stats and log.
ACCOUNTING_ENABLED = True

# --- Throughput and distribution ----------------------------------------------
# Cleaning pool (scraper.pipelines.cleaning): CLEANER_WORKERS processes (None: one per
# core; 0: clean in the crawl process), at most CLEANER_MAX_PENDING pages
# submitted at once (None: 2 per worker), trafilatura caches emptied every
# CLEANER_RESET_CACHES_EVERY pages per worker, pool replaced every
# CLEANER_RECYCLE_PAGES pages (0: never). CLEANER_ENABLED=False drops pages uncleaned.
CLEANER_WORKERS = None
CLEANER_MAX_PENDING = None
CLEANER_RESET_CACHES_EVERY = 250
CLEANER_RECYCLE_PAGES = 0
# Back-pressure: downloads pause while responses holding this many body bytes
# wait for the spider and the cleaning pool (Scrapy's default is 5 MB; a page
# costs several times its size in the crawl process until it is cleaned).
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 1_000_000
# Scrapy starts CONCURRENT_ITEMS tasks for each callback's output (default 100);
# an article callback yields one page, so 100 tasks a page were pure overhead.
CONCURRENT_ITEMS = 16
# scraper.extensions.progress: one log line every PROGRESS_INTERVAL seconds (0: off), and
# the same figures as JSON in PROGRESS_FILE when set.
PROGRESS_INTERVAL = 60.0
PROGRESS_FILE = ""
# scraper.distributed: with REDIS_URL (setting or environment variable), the
# frontier and request filter live in Redis, shared by every process crawling
# with the same REDIS_URL, spider and DISTRIBUTED_KEY_PREFIX; DEDUP_SHARED keeps
# content dedup across processes too. See README "Distributed crawling".
REDIS_URL = None
DISTRIBUTED_KEY_PREFIX = "news-corpus"
DISTRIBUTED_HEARTBEAT = 2.0  # seconds; a process counts as busy this long x 5
DEDUP_SHARED = True

# --- Web archives (scrapy crawl warc) -----------------------------------------
# Remote archives are fetched in WARC_CHUNK_SIZE Range pieces (each one response,
# each WARC_CHUNK_TIMEOUT seconds at most) into a temporary file (in
# WARC_TEMP_DIR, default the system's), the whole file at most WARC_MAXSIZE bytes.
# WARC_MAX_PENDING: records read ahead of the pipelines (memory: that many pages).
WARC_MAXSIZE = 8 * 1024**3
WARC_CHUNK_SIZE = 32 * 1024**2
WARC_CHUNK_TIMEOUT = 300.0
WARC_TEMP_DIR = ""
WARC_MAX_PENDING = 16

# --- Engine -------------------------------------------------------------------
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_FIELDS = None
LOG_LEVEL = "INFO"
