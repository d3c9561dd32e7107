"""Reading a SAML 2.0 identity provider's metadata into what allauth's `saml` provider needs."""

from __future__ import annotations

from dataclasses import dataclass

from onelogin.saml2.constants import OneLogin_Saml2_Constants
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser


class BadMetadata(ValueError):
    """str() is the reason, for the owner who pasted the metadata."""


@dataclass(frozen=True)
class IdP:
    entity_id: str
    sso_url: str
    x509cert: str


def parse_metadata(xml: str) -> IdP:
    if not xml.strip():
        raise BadMetadata("empty")
    try:
        data = OneLogin_Saml2_IdPMetadataParser.parse(
            xml, required_sso_binding=OneLogin_Saml2_Constants.BINDING_HTTP_REDIRECT
        )
    except Exception as exc:  # lxml, defusedxml and the parser each raise their own kinds
        raise BadMetadata(f"not readable as SAML metadata ({exc.__class__.__name__})") from None
    idp = data.get("idp") or {}
    entity_id = idp.get("entityId") or ""
    sso_url = (idp.get("singleSignOnService") or {}).get("url") or ""
    cert = idp.get("x509cert") or ""
    if not cert:
        signing = (idp.get("x509certMulti") or {}).get("signing") or []
        cert = signing[0] if signing else ""
    if not entity_id:
        raise BadMetadata("no entityID")
    if not sso_url:
        raise BadMetadata("no SingleSignOnService with the HTTP-Redirect binding")
    if not cert:
        raise BadMetadata("no signing certificate")
    return IdP(entity_id=entity_id, sso_url=sso_url, x509cert=cert)
