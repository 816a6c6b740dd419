"""The intake seam: how an exception request becomes a ticket somewhere.

A backend only *builds* HTTP requests (:class:`Prepared`) and *reads* responses; :meth:`IntakeBackend.execute`
is the one place that talks to the network, so every backend gets the same rules:

- HTTPS only, except loopback addresses (127.0.0.0/8, ::1, localhost and names under .localhost) for local testing;
- TLS verification is never turned off, and redirects are not followed (a redirect is reported);
- 408, 429 and 5xx answers, timeouts and connection failures are *retryable* (``Retry-After`` honoured);
  other 4xx answers are not, and carry the server's message;
- every call has an overall deadline (``deadline`` seconds, default three times the timeout and at least
  10 s: a server that trickles bytes forever is cut off) and the answer is streamed and cut at ``MAX_RESPONSE_BYTES``;
- the server's message never carries a secret back: every secret the request used is redacted from the
  error text in every encoding a server may echo it (:func:`redact_secrets`).

The preview is the same :meth:`IntakeBackend.prepare_create` that ``send`` uses, with secrets redacted, so
the user sees exactly the method, URL, headers and body bytes that will be sent.

Exactly once: every created ticket carries the request's fingerprint (label / correlation id / body
marker). After an attempt whose outcome is unknown, :meth:`find_existing` looks the ticket up before
creating another; a backend whose lookup lags behind a create says how long (``lookup_settle``).
A webhook cannot be searched: its ``webhook-id`` stays the same across retries and the receiver must
ignore a webhook-id it has already processed (as the Standard Webhooks spec asks).
"""

from __future__ import annotations

import json
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar
from urllib.parse import urlsplit

from tui.core.text import clean, printable_json
from tui.core.urls import shown_url, url_problem
from tui.errors import ConfigError, IntakeError

if TYPE_CHECKING:
    import httpx

    from tui.deadline import Deadline

REDACTED = "<redacted>"
DEFAULT_TIMEOUT = 15.0
MAX_RESPONSE_BYTES = 4 << 20  # an intake answer is a few kB of JSON; stop reading well before memory matters


class IntakeUnreachable(IntakeError):
    """The intake could not be reached at all: the request certainly did not arrive."""

    maybe_delivered = False


class IntakeUncertain(IntakeError):
    """The connection failed after the request was sent (timeout, reset): it may have arrived."""

    maybe_delivered = True


class IntakeRefused(IntakeError):
    """The intake answered with an error status."""

    def __init__(self, message: str, *, status: int, retryable: bool, retry_after: float | None = None):
        super().__init__(message, retryable=retryable, retry_after=retry_after)
        self.status = status
        # a 5xx may come after the ticket was created; a 429 or 4xx means nothing was created
        self.maybe_delivered = status >= 500


class IntakeNotReady(IntakeError):
    """Nothing was sent: a secret is missing or the settings cannot be used (fix, then sync)."""

    maybe_delivered = False

    def __init__(self, message: str):
        super().__init__(message, retryable=False)


def maybe_delivered(exc: Exception) -> bool:
    """Whether a failed attempt may have reached the intake (unknown failures: assume it may have)."""
    return bool(getattr(exc, "maybe_delivered", True))


@dataclass(frozen=True)
class Prepared:
    """One HTTP request exactly as it will be sent (``headers`` redacted in a preview)."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes = b""

    def wire_headers(self) -> dict[str, str]:
        """Every header that goes out with this request, as sent (:func:`bounded_request` sends exactly these,
        and refuses to send one the client would add beside them): ``Host``, the backend's own headers, then
        what every call carries: ``Accept`` (unless the backend names one), ``Accept-Encoding: identity``
        (an answer is read as it comes, never inflated), ``Connection: close`` (a fresh connection per call),
        ``User-Agent`` and, with a body or for a POST, ``Content-Length``. The preview shows these."""
        given = {k.lower() for k in self.headers}
        out = {"Host": _host_header(self.url)} if "host" not in given else {}
        out.update((k, v) for k, v in self.headers.items() if k.lower() not in _WIRE_FIXED)
        for name, value in (("Accept", "*/*"), ("Accept-Encoding", "identity"), ("User-Agent", user_agent())):
            if name.lower() not in given:
                out[name] = value
        out["Connection"] = "close"
        if self.body or self.method.upper() in ("POST", "PUT", "PATCH"):
            out["Content-Length"] = str(len(self.body))
        return out

    def render(self) -> str:
        """Human-readable form for the preview screen and ``aicheck request show --payload``, safe to print: the
        URL and every header that goes out (:meth:`wire_headers`; settings a user or a pack wrote, cleaned), a
        JSON body as printable JSON (control and bidi characters as ``\\uXXXX``, the same JSON). Display
        only: what is sent is ``body``, untouched."""
        lines = [f"{self.method} {self.url}"]
        lines += [f"{k}: {v}" for k, v in self.wire_headers().items()]
        lines.append("")
        if self.body:
            try:
                lines.append(printable_json(json.loads(self.body)))
            except ValueError:
                lines.append(self.body.decode("utf-8", "replace"))
        return "\n".join(clean(line, 100_000) for line in "\n".join(lines).split("\n"))

    def digest(self) -> str:
        """What identifies a preview as shown: method, URL, headers and body. Taken of previews alone, whose
        credentials read as what names them (``Bearer <redacted> ($TOKEN)``, the user of a basic login), so
        another account is another digest; a timestamp that moves at each send is left out. The outbox sends
        a queued request only while its preview has this digest: see :func:`tui.requests.outbox.deliver`."""
        import hashlib

        h = hashlib.sha256()
        headers = sorted((k.lower(), v) for k, v in self.headers.items() if k.lower() not in _MOVING_HEADERS)
        for part in (self.method, self.url, *(f"{k}: {v}" for k, v in headers)):
            h.update(part.encode("utf-8", "surrogatepass") + b"\0")
        h.update(self.body)
        return h.hexdigest()


_MOVING_HEADERS = frozenset(("webhook-timestamp",))  # computed again at each send (see Prepared.digest)
_WIRE_FIXED = frozenset(("connection", "content-length"))  # set by Prepared.wire_headers whatever a backend says


def user_agent() -> str:
    from tui import __version__

    return f"aicheck/{__version__}"


def _host_header(url: str) -> str:
    """The ``Host`` header for ``url``: its host (IPv6 in brackets) and its port unless the scheme's own."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    try:
        port = parts.port
    except ValueError:  # refused before sending (check_url); the preview still shows something
        port = None
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return host if port is None or port == default else f"{host}:{port}"


@dataclass(frozen=True)
class Ticket:
    key: str  # what people quote: "SEC-123", "#42", "RITM0010001"
    url: str = ""
    ref: str = ""  # the backend's handle for status lookups


@dataclass(frozen=True)
class DecisionInfo:
    status: str  # "approved" | "denied" | "" (still pending)
    expires: date | None = None
    note: str = ""
    grants: tuple[str, ...] = ()  # signed grant blocks found in the answer (verified by the caller)


@dataclass
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        try:
            return json.loads(self.body)
        except ValueError as exc:
            raise IntakeError(f"the intake answered with something that is not JSON: {exc}", retryable=False) from exc


# -- settings ------------------------------------------------------------------------------------------


@dataclass
class Settings:
    """A validated ``[intake]`` table; ``where`` names its source for messages."""

    raw: dict[str, Any]
    where: str = "[intake]"
    env: Mapping[str, str] = field(default_factory=lambda: os.environ)
    used_secrets: list[str] = field(default_factory=list, repr=False)  # values read by secret(): redacted

    def text(self, key: str, *, required: bool = False, default: str = "") -> str:
        v = self.raw.get(key, default)
        if not isinstance(v, str):
            raise ConfigError(f"{self.where}: {key} must be a string")
        if required and not v.strip():
            raise ConfigError(f'{self.where}: {key} is required for kind = "{self.raw.get("kind")}"')
        return v.strip()

    def str_list(self, key: str, default: tuple[str, ...] = ()) -> list[str]:
        v = self.raw.get(key, list(default))
        if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
            raise ConfigError(f"{self.where}: {key} must be a list of strings")
        return list(v)

    def url(self, key: str = "url", *, required: bool = True, default: str = "") -> str:
        v = self.text(key, required=required, default=default)
        if v:
            check_url(v, f"{self.where}: {key}")
        return v.rstrip("/")

    def timeout(self) -> float:
        v = self.raw.get("timeout", DEFAULT_TIMEOUT)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v <= 300:
            raise ConfigError(f"{self.where}: timeout must be a number of seconds between 0 and 300")
        return float(v)

    def deadline(self) -> float:
        """Seconds one whole call may take (connect, send, the answer's headers and body): ``deadline``, or
        three times the timeout and at least 10 s."""
        v = self.raw.get("deadline")
        if v is None:
            return max(self.timeout() * 3, 10.0)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not 0 < v <= 900:
            raise ConfigError(f"{self.where}: deadline must be a number of seconds between 0 and 900")
        return float(v)

    def env_name(self, key: str, *, required: bool = False) -> str:
        name = self.text(key, required=required)
        if name and not all(c.isalnum() or c == "_" for c in name):
            raise ConfigError(f"{self.where}: {key} must name an environment variable, e.g. AICHECK_INTAKE_TOKEN")
        return name

    def secret(self, key: str) -> str:
        """The value of the environment variable that ``key`` names (at send time, never stored)."""
        name = self.env_name(key, required=True)
        value = self.env.get(name, "")
        if not value:
            raise IntakeNotReady(f'environment variable {name} is not set ({self.where}: {key} = "{name}")')
        if not value.isascii() or not value.isprintable():
            # an HTTP header carries printable ASCII alone: a line ending (a token saved with Windows line
            # endings) or a non-ASCII letter would fail in the client, with the value in its message
            raise IntakeNotReady(
                f"environment variable {name} holds a line ending, a control or a non-ASCII character, which "
                f"no HTTP header can carry (its value is not shown; {self.where}: {key})"
            )
        if value not in self.used_secrets:
            self.used_secrets.append(value)
        return value


def check_url(url: str, where: str) -> None:
    problem = url_problem(url)
    if problem is not None:
        raise ConfigError(f"{where}: '{clean(shown_url(url), 300)}' is not a URL to send to: {problem}")


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now: delay-seconds or an HTTP date; ``None`` if absent or garbled."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # (str.isdigit also takes "²", which float() does not)
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


# -- the seam ------------------------------------------------------------------------------------------


class RequestTool(Protocol):
    """The tool a request is about, as a ticket describes it."""

    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def vendor(self) -> str: ...
    @property
    def installed(self) -> bool: ...
    @property
    def versions(self) -> Sequence[str]: ...
    @property
    def verdict(self) -> str: ...
    @property
    def advisories(self) -> Sequence[str]: ...


class RequestPolicy(Protocol):
    @property
    def org(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def sha256(self) -> str: ...


class RequestPerson(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def email(self) -> str: ...


class RequestImpact(Protocol):
    @property
    def hours_saved_per_month(self) -> float: ...
    @property
    def markdown(self) -> str: ...


class RequestDelivery(Protocol):
    @property
    def ticket(self) -> str: ...
    @property
    def ticket_ref(self) -> str: ...
    @property
    def first_attempt_at(self) -> datetime | None: ...


class IntakeRequest(Protocol):
    """What a backend reads from an exception request (:class:`tui.requests.model.ExceptionRequest`).
    The intake never imports :mod:`tui.requests`: the request renders itself."""

    @property
    def id(self) -> str: ...
    @property
    def fingerprint(self) -> str: ...
    @property
    def created(self) -> datetime: ...
    @property
    def title(self) -> str: ...
    @property
    def tool(self) -> RequestTool: ...
    @property
    def policy(self) -> RequestPolicy: ...
    @property
    def requester(self) -> RequestPerson: ...
    @property
    def days(self) -> int: ...
    @property
    def data_classes(self) -> Sequence[str]: ...
    @property
    def justification(self) -> str: ...
    @property
    def mitigations(self) -> Sequence[str]: ...
    @property
    def impact(self) -> RequestImpact | None: ...
    @property
    def delivery(self) -> RequestDelivery: ...

    def payload(self) -> dict[str, Any]: ...

    def markdown(self) -> str: ...


class IntakeBackend(ABC):
    kind: str = ""
    label: str = ""  # human name: "Jira Cloud", "GitHub Issues" ...
    url: str = ""  # where it sends (its base URL; "" for the local intake, which sends nothing)
    # seconds the intake's lookup may take to show a ticket just created (a search index that lags): a
    # lookup after an uncertain attempt waits that long after it (tui.requests.outbox.search_settled_at)
    lookup_settle: float = 0.0

    def __init__(self, settings: Settings):
        self.settings = settings
        self.timeout = settings.timeout()
        self.deadline = settings.deadline()  # the whole call: connect, send, headers and body

    @property
    def secrets_used(self) -> list[str]:
        """The secret values this backend has read (for redaction; never stored)."""
        return list(self.settings.used_secrets)

    @property
    @abstractmethod
    def target(self) -> str:
        """Where requests go, for display ("https://acme.atlassian.net project SEC")."""

    @abstractmethod
    def prepare_create(self, req: IntakeRequest, *, redact: bool = False, now: datetime | None = None) -> Prepared:
        """The HTTP request that files ``req``; ``redact=True`` for the preview (no secret is read)."""

    @abstractmethod
    def parse_create(self, req: IntakeRequest, resp: Response) -> Ticket: ...

    def prepare_lookup(self, req: IntakeRequest) -> Prepared | None:
        """The search for a ticket carrying ``req.fingerprint``; ``None`` if the backend cannot search."""
        return None

    def parse_lookup(self, req: IntakeRequest, resp: Response) -> Ticket | None:
        return None

    def supports_status(self, req: IntakeRequest) -> bool:
        """Whether this backend can report a decision on ``req``'s ticket."""
        return bool(req.delivery.ticket_ref)

    def prepare_status(self, req: IntakeRequest) -> Prepared | None:
        """The request that reads the decision on a submitted ticket; ``None`` if the backend cannot tell."""
        return None

    def parse_status(self, req: IntakeRequest, resp: Response) -> DecisionInfo | None:
        return None

    # -- driver (same for every backend) ---------------------------------------------------------------
    def preview(self, req: IntakeRequest, now: datetime | None = None) -> Prepared:
        return self.prepare_create(req, redact=True, now=now)

    def send(self, client: httpx.Client, req: IntakeRequest) -> Ticket:
        prepared = self.prepare_create(req)
        return parse_answer(
            self.parse_create, req, self.execute(client, prepared), f"{self.label}: {netloc_of(prepared.url)}"
        )

    def find_existing(self, client: httpx.Client, req: IntakeRequest) -> Ticket | None:
        prepared = self.prepare_lookup(req)
        if prepared is None:
            return None
        return parse_answer(
            self.parse_lookup, req, self.execute(client, prepared), f"{self.label}: {netloc_of(prepared.url)}"
        )

    def fetch_decision(self, client: httpx.Client, req: IntakeRequest) -> DecisionInfo | None:
        prepared = self.prepare_status(req)
        if prepared is None:
            return None
        resp = self.execute(client, prepared)
        info = parse_answer(self.parse_status, req, resp, f"{self.label}: {netloc_of(prepared.url)}")
        from tui.core.grants import find_grant_blocks

        blocks = find_grant_blocks(resp.body)  # an approver may answer with the signed grant itself
        if blocks:
            from dataclasses import replace

            info = replace(info or DecisionInfo(""), grants=tuple(blocks))
        return info

    def execute(self, client: httpx.Client, p: Prepared) -> Response:
        for value in _header_secrets(p.headers):  # e.g. the basic-auth string built from a secret
            if value not in self.settings.used_secrets:
                self.settings.used_secrets.append(value)
        try:
            return self._execute(client, p)
        except IntakeError as exc:
            text = redact_secrets(str(exc), self.secrets_used)
            if text != str(exc):
                exc.args = (text,)
            raise

    def _execute(self, client: httpx.Client, p: Prepared) -> Response:
        import httpx

        from tui.deadline import DeadlineExceeded

        try:
            r = bounded_request(
                client,
                p.method,
                p.url,
                headers=p.wire_headers(),
                content=p.body or None,
                timeout=self.timeout,
                deadline=self.deadline,
                max_bytes=MAX_RESPONSE_BYTES,
            )
        except DeadlineExceeded as exc:
            raise IntakeUncertain(
                f"{self.label}: {netloc_of(p.url)} did not finish answering within {self.deadline:g} s"
            ) from exc
        except ResponseTooLarge as exc:
            raise IntakeUncertain(
                f"{self.label}: the answer from {netloc_of(p.url)} is larger than "
                f"{MAX_RESPONSE_BYTES} bytes; stopped reading it"
            ) from exc
        except ResponseUnreadable as exc:
            raise IntakeUncertain(f"{self.label}: the answer from {netloc_of(p.url)} cannot be read: {exc}") from exc
        except UnshownHeaders as exc:  # a bug, or a client setting aicheck does not know: never sent unseen
            raise IntakeNotReady(
                f"{self.label}: not sent: the HTTP client would add headers the preview does not show ({exc})"
            ) from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, httpx.LocalProtocolError, UnicodeError) as exc:
            # refused before a byte was sent: a URL or a header the client cannot write (never delivered)
            raise IntakeNotReady(
                f"{self.label}: the request to {netloc_of(p.url)} cannot be sent: {_short(exc)}"
            ) from exc
        except httpx.ConnectTimeout as exc:
            raise IntakeUnreachable(f"{self.label}: timed out connecting to {netloc_of(p.url)}") from exc
        except httpx.ConnectError as exc:
            raise IntakeUnreachable(f"{self.label}: cannot reach {netloc_of(p.url)}: {_short(exc)}") from exc
        except httpx.TimeoutException as exc:
            raise IntakeUncertain(f"{self.label}: no answer from {netloc_of(p.url)} within {self.timeout:g} s") from exc
        except httpx.TransportError as exc:
            raise IntakeUncertain(f"{self.label}: connection to {netloc_of(p.url)} failed: {_short(exc)}") from exc
        resp = Response(r.status_code, r.headers, r.body)
        if 200 <= r.status_code < 300:
            return resp
        retry_after = parse_retry_after(r.headers.get("retry-after"))
        code = r.status_code
        detail = _error_detail(resp)
        if code in (408, 425, 429) or code >= 500 or (code == 403 and retry_after is not None):
            raise IntakeRefused(
                f"{self.label}: HTTP {code} from {netloc_of(p.url)}{detail}",  # the outbox says when it retries
                status=code,
                retryable=True,
                retry_after=retry_after,
            )
        if 300 <= code < 400:
            raise IntakeRefused(
                f"{self.label}: {netloc_of(p.url)} redirects to {r.headers.get('location', '?')}; "
                "configure that URL instead",
                status=code,
                retryable=False,
            )
        if code in (401, 403):
            raise IntakeRefused(
                f"{self.label}: HTTP {code}: the intake refused the credentials{detail}", status=code, retryable=False
            )
        raise IntakeRefused(
            f"{self.label}: HTTP {code}: the intake rejected the request{detail}", status=code, retryable=False
        )


_T = TypeVar("_T")


def parse_answer(parse: Callable[[IntakeRequest, Response], _T], req: IntakeRequest, resp: Response, who: str) -> _T:
    """``parse(req, resp)``, an answer of a shape the backend does not expect (a list where an object
    belongs, JSON nested thousands deep) being an IntakeUncertain: a create's answer came after the
    ticket may have been made, so the next attempt looks for it first; nothing stops the rest of the queue."""
    try:
        return parse(req, resp)
    except IntakeError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, IndexError, RecursionError) as exc:
        raise IntakeUncertain(f"{who} answered in a form aicheck cannot read ({type(exc).__name__})") from exc


class ResponseTooLarge(Exception):
    """The answer was larger than the cap; reading stopped there."""


class ResponseUnreadable(Exception):
    """The answer came in a content encoding aicheck cannot read (it asks for ``identity``)."""


class UnshownHeaders(Exception):
    """The client would send headers beside those given (and shown): nothing was sent."""


DECODE_PIECE = 64 << 10  # at most this many decoded bytes at a time: a compressed answer never balloons


def _decoded(raw: Iterator[bytes], encoding: str) -> Iterator[bytes]:
    """The answer's bytes, inflated when the server compressed it although aicheck asked for ``identity``
    (gzip or deflate), in pieces of at most :data:`DECODE_PIECE` bytes, so that a small compressed answer
    that inflates a thousandfold is cut at the size cap, not held whole first. Raises ResponseUnreadable for
    another encoding."""
    import zlib

    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        yield from raw
        return
    if encoding in ("gzip", "x-gzip"):
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        d = zlib.decompressobj(zlib.MAX_WBITS)
    else:
        raise ResponseUnreadable(f"it is encoded as {clean(encoding, 60)!r}, which aicheck did not ask for")
    try:
        for chunk in raw:
            data = chunk
            while data:
                piece = d.decompress(data, DECODE_PIECE)
                data = d.unconsumed_tail
                if piece:
                    yield piece
        tail = d.flush(DECODE_PIECE)
        if tail:
            yield tail
    except zlib.error as exc:
        raise ResponseUnreadable(f"its {encoding} encoding is damaged ({exc})") from None


@dataclass
class BoundedResponse:
    status_code: int
    headers: Mapping[str, str]
    body: bytes


def bounded_request(
    client: httpx.Client,
    method: str,
    url: str,
    *,
    headers: Mapping[str, str] | None = None,
    content: bytes | None = None,
    timeout: float,
    deadline: float,
    max_bytes: int,
) -> BoundedResponse:
    """One HTTP exchange that ends by ``deadline`` seconds from now (:mod:`tui.deadline`) and never holds
    more than ``max_bytes`` of the answer (streamed, cut at the cap). Raises DeadlineExceeded,
    ResponseTooLarge or an httpx error."""
    from tui.deadline import socket_deadline

    # a fresh connection per call: the watchdog learns its socket when it connects (a kept-alive one would
    # be out of its reach)
    headers = {**(headers or {}), "Connection": "close"}
    with socket_deadline(deadline) as guard:
        request = client.build_request(
            method, url, headers=headers, content=content, timeout=timeout, extensions=guard.extensions
        )
        # what the caller gave is what was shown: a header the client adds beside them (a cookie it kept,
        # a default of its own) would go out unseen, so nothing goes out
        unshown = sorted({k.lower() for k in request.headers} - {k.lower() for k in headers})
        if unshown:
            raise UnshownHeaders(", ".join(unshown))
        r = client.send(request, stream=True)
        try:
            return _bounded_body(r, guard, max_bytes)
        finally:
            r.close()


def _bounded_body(r: httpx.Response, guard: Deadline, max_bytes: int) -> BoundedResponse:
    """The answer of ``r``, read raw and inflated by :func:`_decoded` (never by the client, whose decoder
    inflates a whole chunk at once), cut at ``max_bytes``."""
    declared = r.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ResponseTooLarge(declared)
    chunks, size = [], 0
    for chunk in _decoded(r.iter_raw(), r.headers.get("content-encoding", "")):
        size += len(chunk)
        if size > max_bytes:
            raise ResponseTooLarge(size)
        chunks.append(chunk)
        guard.check()
    return BoundedResponse(r.status_code, r.headers, b"".join(chunks))


_AUTH_HEADERS = ("authorization", "proxy-authorization", "x-api-key", "api-key", "private-token", "cookie")


def _header_secrets(headers: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    for k, v in headers.items():
        if k.lower() in _AUTH_HEADERS or "token" in k.lower() or "secret" in k.lower():
            out.append(v)
            out += v.split(None, 1)[1:]  # the credential after "Basic " / "Bearer "
    return out


REDACT_RUN = 12  # this many consecutive characters of a secret (or of one of its encodings) are redacted


def secret_forms(secret: str) -> set[str]:
    """The ways a server may echo ``secret`` back: as is and as a Python repr quotes it; percent-encoded
    (``quote``, ``quote_plus``, twice), JSON with escaped slashes; the base64 of its bytes (standard and
    URL-safe, with and without padding) and their hex; for a Standard Webhooks secret the key after
    ``whsec_`` in all those forms and the key's bytes in hex and base64; for a basic-auth string its decoded
    ``user:password`` and the password."""
    import base64
    import binascii
    from urllib.parse import quote, quote_plus

    texts = {secret, repr(secret)[1:-1], repr(secret.encode("utf-8", "replace"))[2:-1]}
    blobs = {secret.encode("utf-8", "replace")}
    if secret.startswith("whsec_"):  # a Standard Webhooks secret: the key is the base64 after the prefix
        key = secret[len("whsec_") :]
        texts.add(key)
        try:
            blobs.add(base64.b64decode(key + "=" * (-len(key) % 4)))
        except (binascii.Error, ValueError):
            pass
    try:
        decoded = base64.b64decode(secret, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        decoded = ""
    if decoded:
        texts.add(decoded)
        if ":" in decoded:
            texts.add(decoded.split(":", 1)[1])
    for blob in blobs:
        texts.add(blob.hex())
        for b64 in (base64.b64encode(blob).decode(), base64.urlsafe_b64encode(blob).decode()):
            texts.update((b64, b64.rstrip("=")))
    forms = set(texts)
    for t in texts:
        pct = quote(t, safe="")
        forms.update((pct, quote(t), quote_plus(t), quote(pct, safe=""), t.replace("/", "\\/")))
    return {f for f in forms if f}


def _fold(text: str) -> str:
    """``text`` with ASCII letters in lower case and every other character kept (the same length, so a
    place in the folded text is the same place in ``text``): hex and percent escapes come in either case."""
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def redact_secrets(text: str, secrets: Iterable[object]) -> str:
    """``text`` with every secret in every form a server may echo it (:func:`secret_forms`: percent-encoded,
    base64 of every kind, hex, ...) replaced by ``<redacted>``, in upper or lower case: a whole form of four
    characters or more, and any run of :data:`REDACT_RUN` or more characters of a form, so a secret cut
    short, or with its padding or first characters dropped, goes too. Each stretch of text made of such runs
    becomes one ``<redacted>``."""
    whole: set[str] = set()
    runs: set[str] = set()
    for secret in secrets:
        if not isinstance(secret, str) or len(secret) < 4:
            continue
        for form in secret_forms(secret):
            folded = _fold(form)
            if len(folded) >= 4:
                whole.add(folded)
            runs.update(folded[i : i + REDACT_RUN] for i in range(len(folded) - REDACT_RUN + 1))
    if not whole and not runs:
        return text
    folded_text = _fold(text)
    hidden = bytearray(len(text))  # 1 where a character belongs to a secret
    for form in whole:
        at = folded_text.find(form)
        while at >= 0:
            hidden[at : at + len(form)] = b"\x01" * len(form)
            at = folded_text.find(form, at + 1)
    if runs:
        for i in range(len(folded_text) - REDACT_RUN + 1):
            if folded_text[i : i + REDACT_RUN] in runs:
                hidden[i : i + REDACT_RUN] = b"\x01" * REDACT_RUN
    if not any(hidden):
        return text
    import re

    spans = [m.span() for m in re.finditer(b"\x01+", bytes(hidden))]
    out, at = [], 0
    for start, end in spans:
        out += [text[at:start], REDACTED]
        at = end
    return "".join([*out, text[at:]])


def open_client(url: str = "") -> httpx.Client:
    """An httpx client with aicheck's fixed rules (verification on, no redirects) for the intake at ``url``.
    A proxy the environment names (HTTPS_PROXY) is used for https, which it only tunnels; never for plain
    http, which aicheck sends only to this machine: through a proxy it would carry the token in the clear."""
    from http.cookiejar import CookieJar, DefaultCookiePolicy

    from tui.http_client import build_client

    plain = urlsplit(url).scheme.lower() == "http"
    # no cookie is kept: one an intake set would go back with the next call, a header no preview showed
    jar = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
    return build_client(follow_redirects=False, headers={"User-Agent": user_agent()}, trust_env=not plain, cookies=jar)


def proxy_note(url: str) -> str:
    """What a preview says of the proxy a request to ``url`` goes through ("" for none): the one httpx, as
    :func:`open_client` builds it, takes from the environment (``HTTPS_PROXY``, ``ALL_PROXY``, ``NO_PROXY``;
    on macOS and Windows the system settings when no variable is set), read with httpx's own reading so the
    preview names the proxy the client will use. The proxy is shown without its user name and password."""
    from urllib.parse import urlsplit as split

    if split(url).scheme.lower() != "https":
        return ""  # plain http never goes through a proxy (open_client)
    import httpx
    from httpx._utils import URLPattern

    from tui.http_client import environment_proxies, readable_proxies

    target = httpx.URL(url)
    from operator import itemgetter

    proxies = environment_proxies()
    mounts = sorted(((URLPattern(key), proxy) for key, proxy in proxies.items()), key=itemgetter(0))
    proxy = next((p for pattern, p in mounts if pattern.matches(target)), None)  # the most specific first
    if not readable_proxies():  # the client refuses to start (tui.http_client)
        return (
            "A proxy the environment names cannot be read (a user name or password holding '#', '/', '?' or '@' "
            "that is not percent-encoded?): nothing can be sent until it is fixed or unset."
        )
    if not proxy:
        return ""
    return (
        f"Through the proxy {clean(_proxy_shown(proxy), 300)} (from the environment's proxy settings): it carries "
        "the connection to the intake's host; TLS keeps what is sent from it."
    )


def _proxy_shown(proxy: str) -> str:
    """A proxy's scheme, host and port, never its user name and password (a proxy that reads one way only:
    :func:`tui.http_client.readable_proxy`, so its host is what follows the last `@`)."""
    from urllib.parse import urlsplit as split

    scheme, sep, rest = proxy.partition("://")
    if not sep:
        scheme, rest = "http", proxy
    hostport = rest.rpartition("@")[2]
    for end in "/?#":
        hostport = hostport.partition(end)[0]
    try:
        parts = split(f"//{hostport}")
        host = parts.hostname or ""
        port = parts.port
    except ValueError:  # a port out of range: httpx refuses it when the client is built
        return "(one the environment names, which cannot be read)"
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}" + (f":{port}" if port else "")


def parse_date(v: object) -> date | None:
    """A date from ``YYYY-MM-DD`` (or the date part of a timestamp); ``None`` if absent or garbled."""
    if isinstance(v, date):
        return v
    if not v:
        return None
    try:
        return date.fromisoformat(str(v)[:10])
    except ValueError:
        return None


def json_body(data: object) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def netloc_of(url: str) -> str:
    return urlsplit(url).netloc


def _short(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "..."


def _error_detail(resp: Response) -> str:
    try:
        data = json.loads(resp.body)
    except ValueError:
        text = resp.body.decode("utf-8", "replace").strip()
        return f": {text[:200]}" if text and len(text) < 400 and "<" not in text else ""
    msgs: list[str] = []
    if isinstance(data, dict):
        for key in ("errorMessages", "message", "error", "errors"):
            v = data.get(key)
            if isinstance(v, str):
                msgs.append(v)
            elif isinstance(v, list):
                msgs += [str(x.get("message", x)) if isinstance(x, dict) else str(x) for x in v]
            elif isinstance(v, dict):
                msgs += [f"{k}: {m}" for k, m in v.items()] if key == "errors" else [str(v.get("message", v))]
    return (": " + "; ".join(msgs))[:300] if msgs else ""
