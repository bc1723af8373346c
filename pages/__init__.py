"""The shared Streamlit layer of the dashboard, one concern per module in ``pages/ui/``
(Streamlit lists only ``pages/*.py`` files as pages, never a sub-folder):

* ``ui/corpus.py``: the default corpus, built once per process and shared;
* ``ui/uploads.py``: per-session uploads and the sidebar's corpus panel;
* ``ui/filter_bar.py``: sidebar filters generated from :data:`analytics.filters.FILTERS`, URL sync
  (Back/Forward included);
* ``ui/frame.py``: :func:`start_page` (page config, page list, corpus, filters, header);
* ``ui/cache.py``: cached analytics calls (keyed by corpus, :class:`FilterState` and scalars);
* ``ui/downloads.py``: CSV and zip download buttons;
* ``ui/charts.py``: Altair charts with one palette; ``ui/widgets.py``: tables, info boxes, pickers;
* ``ui/quotes.py``: the Quotes page's cached queries and the Entities page's co-occurrence network.

Every page imports this package::

    import pages as ui
    ctx = ui.start_page("Terms")      # page config, corpus, sidebar filters, filter header
    top = ui.top_terms(ctx.corpus, ctx.flt, 25, "terms")
"""

from analytics.safe_text import md

from .ui.cache import *  # noqa: F401,F403
from .ui.cache import EXPORT_OPTIONS, HASH, MAX_ENTITY_OPTIONS, MAX_TABLE_ROWS, cached  # noqa: F401
from .ui.charts import (  # noqa: F401
    bar_chart, chart, entity_bar_chart, entity_heatmap_chart, entity_type_color, keyword_heatmap_chart, spike_trend_chart,
    term_bar_chart, trend_chart,
)
from .ui.corpus import (  # noqa: F401
    CORPUS_ENV, DEFAULT_CORPUS, ROOT, SIGNATURE_TTL, ActiveCorpus, build_options, corpus_source, default_corpus,
)
from .ui.downloads import (  # noqa: F401
    EAGER_DOWNLOAD_ARTICLES, csv_of, download_csv, download_data, download_table, download_tables, download_zip, export_zip,
    table_csv,
)
from .ui.filter_bar import (  # noqa: F401
    FILTER_KEYS, MAX_ARTICLE_OPTIONS, current_filter, narrow_to_entity, reset_filters, set_filter, sidebar_filters,
)
from .ui.frame import PageContext, filter_header, require_articles, start_page  # noqa: F401
from .ui.uploads import (  # noqa: F401
    MAX_UNPACKED_BYTES, MAX_UPLOAD_BYTES, MAX_UPLOAD_MB, UPLOAD_MAX_AGE, UPLOAD_PREFIX, UPLOAD_TYPES, UploadStore,
    build_upload, corpus_panel, sweep_upload_stores, use_default_corpus,
)
from .ui.columns import DUPLICATE_COLUMNS, KEYNESS_COLUMNS, KWIC_COLUMNS, SPIKE_COLUMNS, keyword_columns, score_axis_max  # noqa: F401
from .ui.widgets import (  # noqa: F401
    article_picker, empty, initial, keep_values, lazy_expander, sections, show_table, spike_narrowing,
)

TYPES = ("PER", "ORG", "LOC", "MISC")
