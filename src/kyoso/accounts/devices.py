"""A browser's User-Agent string as a person recognises their device: "Chrome（Windows）".

The sessions page lists where someone is signed in; the raw string ("Mozilla/5.0 (Windows NT 10.0;
Win64; x64) AppleWebKit/537.36 ...") tells a non-engineer nothing. Only the browser and the operating
system are named (no versions): enough to tell "my office PC" from "my iPhone", and stable when the
browser updates itself. The rules cover the browsers and systems people in Japan actually use; anything
else reads as an unknown browser or system rather than a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Order matters: Chromium-based browsers also say "Chrome/ ... Safari/", and Chrome on iOS says
# "Safari/" too, so the more specific tokens are tried first.
BROWSERS: tuple[tuple[str, str], ...] = (
    (r"\bLine/", "LINE"),
    (r"\bEdg(?:e|A|iOS)?/", "Edge"),
    (r"\bOPR/|\bOpera\b", "Opera"),
    (r"\bSamsungBrowser/", "Samsung Internet"),
    (r"\bYaBrowser/", "Yandex Browser"),
    (r"\bVivaldi/", "Vivaldi"),
    (r"\bFirefox/|\bFxiOS/", "Firefox"),
    (r"\bCriOS/|\bChrome/|\bHeadlessChrome/|\bChromium/", "Chrome"),
    (r"\bTrident/|\bMSIE ", "Internet Explorer"),
    # Android's old stock browser also says "Version/4.0 ... Safari/"; it is not Safari.
    (
        r"^(?!.*\bAndroid\b).*(?:\bVersion/[\d.]+.*\bSafari/|\b(?:iPhone|iPad|Macintosh)\b.*\bAppleWebKit/)",
        "Safari",
    ),
)

# iPadOS 13+ claims to be a Mac ("Macintosh; Intel Mac OS X"); only touch support tells them apart, which
# a User-Agent does not carry, so such an iPad reads as macOS.
SYSTEMS: tuple[tuple[str, str], ...] = (
    (r"\bWindows Phone\b", "Windows Phone"),
    (r"\bWindows\b", "Windows"),
    (r"\biPad\b", "iPadOS"),
    (r"\biPhone\b|\biPod\b", "iOS"),
    (r"\bAndroid\b", "Android"),
    (r"\bCrOS\b", "ChromeOS"),
    (r"\bMac OS X\b|\bMacintosh\b", "macOS"),
    (r"\bLinux\b|\bX11\b", "Linux"),
)


@dataclass(frozen=True)
class Device:
    browser: str  # "" when not recognised
    system: str  # "" when not recognised

    def describe(self) -> str:
        """Chrome（Windows） in Japanese, Chrome (Windows) in English; the known half when one is unknown."""
        if self.browser and self.system:
            return _("%(browser)s (%(system)s)") % {"browser": self.browser, "system": self.system}
        if self.browser:
            return self.browser
        if self.system:
            return _("A browser on %(system)s") % {"system": self.system}
        return _("Unknown browser")


def _first(rules: tuple[tuple[str, str], ...], text: str) -> str:
    return next((name for pattern, name in rules if re.search(pattern, text)), "")


def parse(user_agent: str | None) -> Device:
    text = (user_agent or "").strip()
    return Device(browser=_first(BROWSERS, text), system=_first(SYSTEMS, text))


def describe(user_agent: str | None) -> str:
    return parse(user_agent).describe()
