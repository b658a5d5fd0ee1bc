"""An export kind whose render hangs while the file named by SLOW_EXPORT_FLAG exists: the
first attempt removes the file and hangs (the test kills its worker then); a later attempt
makes the programme miniguide as usual. It is never pre-rendered (a test kind only)."""

import os
import time
from dataclasses import replace
from pathlib import Path

from bass.exports import ExportKind, register
from programme.miniguide import PROGRAMME_GUIDE


def _hang_once(programme, language):
    flag = Path(os.environ.get("SLOW_EXPORT_FLAG", "/nonexistent/slow-export-flag"))
    if flag.exists():
        flag.unlink()
        time.sleep(300)
    return PROGRAMME_GUIDE.build_context(programme, language)


SLOW_GUIDE: ExportKind = replace(
    PROGRAMME_GUIDE, key="slow_programme_guide", build_context=_hang_once, prerender=None
)
register(SLOW_GUIDE)
