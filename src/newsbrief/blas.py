"""One BLAS thread for small matrix products (numpy's in the ranker, spaCy's in NER).

The products of one article are small: a second OpenBLAS thread only hands them back and
forth, and on a busy machine the main thread waits for it to be scheduled (500 dev
articles: 14 % more wall and CPU time in the ranker with two threads than with one; NER's
CPU time doubled and its wall time grew 7x).
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from functools import cache
from typing import Any


@cache
def _controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread() -> AbstractContextManager[Any]:
    """Run BLAS on one thread inside the block (the previous limits restored after it)."""
    return _controller().limit(limits=1, user_api="blas")  # type: ignore[no-any-return]
