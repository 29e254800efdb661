"""Safe HTTP fetching for URL inputs and the digest: bounded in time, size, redirects, destinations.

Every fetch has connect/read timeouts *and* a total deadline (a server dripping
bytes is cut off), follows at most ``MAX_REDIRECTS`` hops (checking each one
itself), counts *decompressed* bytes while streaming (a gzip bomb stops at the
cap), sends a real User-Agent and conditional headers (ETag / Last-Modified)
when a cached copy exists. Only http and https are ever fetched.

SSRF rule: a URL written in the config, or named by the user on the command line,
is trusted. Any other URL (a feed item's link, a redirect hop) may go to a private,
loopback, link-local or otherwise non-public address only when it has the same host
and port as the source it came from, or when ``allow_private_hosts`` is on. Host names are
resolved and every address checked, on every hop. Fetches run concurrently on
one ``httpx.AsyncClient`` with a bound (a semaphore).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from .errors import FetchError
from .limits import FETCH_DEADLINE_SECONDS, MAX_DOWNLOAD_BYTES, MAX_REDIRECTS

USER_AGENT = "newsbrief/0.1 (+https://github.com/newsbrief/newsbrief)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ENCODINGS = frozenset({"", "identity", "gzip", "x-gzip", "deflate"})


@dataclass(frozen=True)
class FetchPolicy:
    """Limits for one batch of fetches."""

    deadline: float = FETCH_DEADLINE_SECONDS
    timeout: float = 10.0
    max_bytes: int = MAX_DOWNLOAD_BYTES
    max_redirects: int = MAX_REDIRECTS
    allow_private_hosts: bool = False
    concurrency: int = 8


@dataclass(frozen=True)
class CacheEntry:
    """A body kept from an earlier fetch, with the validators the server sent."""

    url: str
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    final_url: str | None = None


@dataclass(frozen=True)
class FetchRequest:
    """What to fetch and how far to trust it.

    ``trusted``: the URL itself comes from the config. ``origin``: the configured
    source's URL, whose host:port content URLs may share. ``revalidate``: with a
    cached copy, ask the server (conditional request) instead of using the copy as is.
    """

    url: str
    trusted: bool = False
    origin: str | None = None
    cached: CacheEntry | None = None
    revalidate: bool = True


@dataclass(frozen=True)
class Fetched:
    """A body obtained for a request: downloaded (200), revalidated (304) or from the cache."""

    url: str
    final_url: str
    body: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200
    from_cache: bool = False

    @property
    def downloaded(self) -> bool:
        return self.status == 200 and not self.from_cache

    def as_cache(self) -> CacheEntry:
        return CacheEntry(
            url=self.url,
            body=self.body,
            etag=self.etag,
            last_modified=self.last_modified,
            content_type=self.content_type,
            final_url=self.final_url,
        )


def is_http_url(text: str) -> bool:
    """True for an absolute http(s) URL with a host."""
    parts = urlsplit(text.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def origin_of(url: str) -> tuple[str, int]:
    """(host, port) of an http(s) URL, default ports filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return (parts.hostname or "").lower(), port or (443 if scheme == "https" else 80)


def is_public_address(address: str) -> bool:
    """True only for globally routable unicast addresses (v4-mapped v6 unwrapped)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _short(url: str) -> str:
    url = "".join(ch for ch in url if ch.isprintable())
    return url if len(url) <= 200 else url[:199] + "…"


class Fetcher:
    """Fetch many URLs concurrently under one ``FetchPolicy``."""

    def __init__(self, policy: FetchPolicy | None = None) -> None:
        self.policy = policy or FetchPolicy()

    def fetch_all(
        self,
        requests: Sequence[FetchRequest],
        on_done: Callable[[FetchRequest, Fetched | FetchError], None] | None = None,
    ) -> list[Fetched | FetchError]:
        """Fetch every request (bounded concurrency); results in request order."""
        if not requests:
            return []
        return asyncio.run(self._fetch_all(list(requests), on_done))

    async def _fetch_all(
        self,
        requests: list[FetchRequest],
        on_done: Callable[[FetchRequest, Fetched | FetchError], None] | None,
    ) -> list[Fetched | FetchError]:
        semaphore = asyncio.Semaphore(self.policy.concurrency)
        async with self._client() as client:

            async def one(request: FetchRequest) -> Fetched | FetchError:
                async with semaphore:
                    result = await self.fetch(client, request)
                if on_done is not None:
                    on_done(request, result)
                return result

            return list(await asyncio.gather(*(one(r) for r in requests)))

    def _client(self) -> httpx.AsyncClient:
        p = self.policy
        return httpx.AsyncClient(
            follow_redirects=False,
            trust_env=False,  # no proxies or .netrc credentials picked up from the environment
            timeout=httpx.Timeout(p.timeout, pool=p.deadline),
            limits=httpx.Limits(
                max_connections=p.concurrency, max_keepalive_connections=p.concurrency
            ),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        )

    async def fetch(self, client: httpx.AsyncClient, request: FetchRequest) -> Fetched | FetchError:
        """One request within the total deadline; errors come back as values."""
        if request.cached is not None and not request.revalidate:
            return _from_cache(request.url, request.cached, status=200)
        try:
            async with asyncio.timeout(self.policy.deadline):
                return await self._follow(client, request)
        except TimeoutError:
            return FetchError(
                _short(request.url), f"no complete response within {self.policy.deadline:g}s"
            )
        except FetchError as exc:
            return exc
        except httpx.HTTPError as exc:
            return FetchError(_short(request.url), _reason(exc))
        except (OSError, ValueError) as exc:
            return FetchError(_short(request.url), str(exc) or type(exc).__name__)

    async def _follow(self, client: httpx.AsyncClient, request: FetchRequest) -> Fetched:
        url = request.url
        for hop in range(self.policy.max_redirects + 1):
            await self._check_destination(url, request, first=hop == 0)
            async with client.stream("GET", url, headers=_conditional(request.cached)) as resp:
                if resp.status_code in _REDIRECTS:
                    location = resp.headers.get("location")
                    if not location:
                        raise FetchError(_short(url), f"HTTP {resp.status_code} without Location")
                    url = urljoin(str(resp.url), location.strip())
                    continue
                if resp.status_code == 304 and request.cached is not None:
                    return _from_cache(request.url, request.cached, status=304)
                if not 200 <= resp.status_code < 300:
                    raise FetchError(_short(url), f"HTTP {resp.status_code}")
                body = await self._read(resp, url)
                return Fetched(
                    url=request.url,
                    final_url=str(resp.url),
                    body=body,
                    content_type=resp.headers.get("content-type"),
                    etag=resp.headers.get("etag"),
                    last_modified=resp.headers.get("last-modified"),
                )
        raise FetchError(_short(request.url), f"more than {self.policy.max_redirects} redirects")

    async def _check_destination(self, url: str, request: FetchRequest, *, first: bool) -> None:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise FetchError(_short(url), "only http and https URLs are fetched")
        if (first and request.trusted) or self.policy.allow_private_hosts:
            return
        origin = request.origin or (request.url if request.trusted else None)
        if origin is not None and origin_of(url) == origin_of(origin):
            return
        host, port = origin_of(url)
        for address in await _resolve(host, port):
            if not is_public_address(address):
                raise FetchError(
                    _short(url),
                    f"refusing to fetch a non-public address ({address}) "
                    "found in content; set allow_private_hosts = true to allow",
                )

    async def _read(self, resp: httpx.Response, url: str) -> bytes:
        cap = self.policy.max_bytes
        encoding = resp.headers.get("content-encoding", "").strip().lower()
        if encoding not in _ENCODINGS:
            raise FetchError(_short(url), f"unsupported content encoding {encoding[:20]!r}")
        declared = resp.headers.get("content-length", "")
        if encoding in ("", "identity") and declared.isdigit() and int(declared) > cap:
            raise FetchError(_short(url), f"response larger than {cap} bytes")
        inflater = zlib.decompressobj(47) if encoding not in ("", "identity") else None
        parts: list[bytes] = []
        total = 0
        async for chunk in resp.aiter_raw():
            pending = chunk
            while pending:
                if inflater is None:
                    out, pending = pending, b""
                else:
                    try:
                        out = inflater.decompress(pending, cap - total + 1)
                    except zlib.error:
                        raise FetchError(_short(url), "corrupt compressed body") from None
                    pending = inflater.unconsumed_tail
                total += len(out)
                if total > cap:
                    raise FetchError(_short(url), f"response larger than {cap} bytes")
                parts.append(out)
                if inflater is not None and inflater.eof:
                    break
        return b"".join(parts)


def _conditional(cached: CacheEntry | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if cached is not None:
        if cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
    return headers


def _from_cache(url: str, cached: CacheEntry, *, status: int) -> Fetched:
    return Fetched(
        url=url,
        final_url=cached.final_url or url,
        body=cached.body,
        content_type=cached.content_type,
        etag=cached.etag,
        last_modified=cached.last_modified,
        status=status,
        from_cache=True,
    )


async def _resolve(host: str, port: int) -> list[str]:
    try:
        ipaddress.ip_address(host.strip("[]"))
        return [host.strip("[]")]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(host, f"cannot resolve host ({exc})") from None
    return sorted({str(info[4][0]) for info in infos})


def _reason(exc: httpx.HTTPError) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return "connection timed out"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out waiting for the server"
    if isinstance(exc, httpx.ConnectError):
        cause: BaseException | None = exc
        while cause is not None:
            if isinstance(cause, ConnectionRefusedError) or "refused" in str(cause).lower():
                return "connection refused"
            cause = cause.__cause__ or cause.__context__
        return f"cannot connect ({exc})"
    if isinstance(exc, httpx.TooManyRedirects):
        return "too many redirects"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
