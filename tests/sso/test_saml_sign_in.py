"""SAML 2.0 sign-in: a response built and signed in the test with xmlsec (python3-saml), a test IdP
key and certificate generated here; unsigned and wrongly signed responses are refused."""

from __future__ import annotations

import base64
import datetime as dt
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.test import Client
from onelogin.saml2.constants import OneLogin_Saml2_Constants as C
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from kyoso.accounts.models import Membership, Role, User
from kyoso.sso import selectors, services
from tests.sso.helpers import leaving_url, verified_domain

pytestmark = pytest.mark.django_db

IDP_ENTITY = "https://idp.corp.example/saml"
IDP_SSO_URL = "https://idp.corp.example/saml/sso"


def _key_and_cert(common_name: str) -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    ).decode()
    return key_pem, cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture(scope="module")
def idp_keys() -> tuple[str, str]:
    return _key_and_cert("idp.corp.example")


@pytest.fixture(scope="module")
def other_keys() -> tuple[str, str]:
    return _key_and_cert("attacker.example")


def _cert_body(cert_pem: str) -> str:
    return "".join(line for line in cert_pem.splitlines() if "CERTIFICATE" not in line)


def metadata(cert_pem: str) -> str:
    return f"""<?xml version="1.0"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{IDP_ENTITY}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>
      <ds:X509Certificate>{_cert_body(cert_pem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{IDP_SSO_URL}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""


@pytest.fixture
def sso(workspace, owner, idp_keys):  # type: ignore[no-untyped-def]
    verified_domain(workspace, "corp.example")
    return services.save_saml(
        workspace=workspace,
        by=owner,
        metadata_xml=metadata(idp_keys[1]),
        enabled=True,
        require_sso=False,
        jit_enabled=True,
        jit_role=Role.MEMBER,
    )


def _t(delta_minutes: int = 0) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(minutes=delta_minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def saml_response(
    *, in_response_to: str, acs: str, audience: str, email: str, sign_with: tuple[str, str] | None
) -> str:
    assertion_id = "_" + uuid.uuid4().hex
    assertion = f"""<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="{assertion_id}" Version="2.0" IssueInstant="{_t()}">
<saml:Issuer>{IDP_ENTITY}</saml:Issuer>
<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{email}</saml:NameID>
<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{_t(5)}" Recipient="{acs}" InResponseTo="{in_response_to}"/></saml:SubjectConfirmation></saml:Subject>
<saml:Conditions NotBefore="{_t(-1)}" NotOnOrAfter="{_t(5)}"><saml:AudienceRestriction><saml:Audience>{audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>
<saml:AuthnStatement AuthnInstant="{_t()}" SessionIndex="{assertion_id}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>
<saml:AttributeStatement><saml:Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"><saml:AttributeValue xsi:type="xs:string">{email}</saml:AttributeValue></saml:Attribute>
<saml:Attribute Name="urn:oasis:names:tc:SAML:attribute:subject-id"><saml:AttributeValue xsi:type="xs:string">{email.split("@")[0]}-subject</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>
</saml:Assertion>"""
    if sign_with is not None:
        key_pem, cert_pem = sign_with
        assertion = OneLogin_Saml2_Utils.add_sign(
            assertion, key_pem, cert_pem, sign_algorithm=C.RSA_SHA256, digest_algorithm=C.SHA256
        ).decode()
        assertion = assertion.split("?>", 1)[1] if assertion.startswith("<?xml") else assertion
    response = f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{_t()}" Destination="{acs}" InResponseTo="{in_response_to}">
<saml:Issuer>{IDP_ENTITY}</saml:Issuer>
<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
{assertion}
</samlp:Response>"""
    return base64.b64encode(response.encode()).decode()


def _start(client: Client, email: str) -> str:
    location = leaving_url(client.post("/sso/", {"email": email}))
    assert location.startswith(IDP_SSO_URL)
    request_xml = OneLogin_Saml2_Utils.decode_base64_and_inflate(
        parse_qs(urlsplit(location).query)["SAMLRequest"][0]
    )
    text = request_xml.decode() if isinstance(request_xml, bytes) else request_xml
    return text.split(' ID="', 1)[1].split('"', 1)[0]


def _post_response(client: Client, sso, saml: str):  # type: ignore[no-untyped-def]
    acs = f"/accounts/saml/{sso.provider_id}/acs/"
    response = client.post(acs, {"SAMLResponse": saml})
    assert response.status_code == 302
    return client.get(response["Location"])


def _urls(sso) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    return (
        f"http://testserver/accounts/saml/{sso.provider_id}/acs/",
        f"http://testserver/accounts/saml/{sso.provider_id}/metadata/",
    )


def test_a_signed_response_signs_in_and_adds_the_member(sso, workspace, idp_keys) -> None:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="testserver")  # browsers send Host; python3-saml reads it
    request_id = _start(client, "jiro@corp.example")
    acs, audience = _urls(sso)
    saml = saml_response(
        in_response_to=request_id, acs=acs, audience=audience, email="jiro@corp.example", sign_with=idp_keys
    )
    response = _post_response(client, sso, saml)
    assert response.status_code == 302, response.content[:1500]
    user = User.objects.get(email="jiro@corp.example")
    assert int(client.session["_auth_user_id"]) == user.pk
    assert Membership.objects.get(user=user, workspace=workspace).role == Role.MEMBER
    assert selectors.entered_through_sso(client.session, workspace.pk)
    # the link that lets the account's personal tokens meet the workspace's MFA rule (sso.entry)
    assert selectors.account_linked_to(user, sso.provider_id)


def test_an_unsigned_response_is_refused(sso, idp_keys) -> None:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="testserver")  # browsers send Host; python3-saml reads it
    request_id = _start(client, "jiro@corp.example")
    acs, audience = _urls(sso)
    saml = saml_response(
        in_response_to=request_id, acs=acs, audience=audience, email="jiro@corp.example", sign_with=None
    )
    response = _post_response(client, sso, saml)
    assert response.status_code == 401
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="jiro@corp.example").exists()


def test_a_response_signed_by_another_key_is_refused(sso, other_keys) -> None:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="testserver")  # browsers send Host; python3-saml reads it
    request_id = _start(client, "jiro@corp.example")
    acs, audience = _urls(sso)
    saml = saml_response(
        in_response_to=request_id, acs=acs, audience=audience, email="jiro@corp.example", sign_with=other_keys
    )
    response = _post_response(client, sso, saml)
    assert response.status_code == 401
    assert "_auth_user_id" not in client.session


def test_a_signed_assertion_altered_afterwards_is_refused(sso, idp_keys) -> None:  # type: ignore[no-untyped-def]
    client = Client(HTTP_HOST="testserver")  # browsers send Host; python3-saml reads it
    request_id = _start(client, "jiro@corp.example")
    acs, audience = _urls(sso)
    saml = saml_response(
        in_response_to=request_id, acs=acs, audience=audience, email="jiro@corp.example", sign_with=idp_keys
    )
    forged = base64.b64decode(saml).decode().replace("jiro@corp.example", "ceo@corp.example")
    response = _post_response(client, sso, base64.b64encode(forged.encode()).decode())
    assert response.status_code == 401
    assert "_auth_user_id" not in client.session


def test_metadata_without_a_signing_certificate_is_refused_naming_the_field(workspace, owner) -> None:  # type: ignore[no-untyped-def]
    from kyoso.core.errors import DomainError

    xml = metadata("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----").replace(
        '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>\n      <ds:X509Certificate></ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>',
        "",
    )
    with pytest.raises(DomainError) as exc:
        services.save_saml(
            workspace=workspace,
            by=owner,
            metadata_xml=xml,
            enabled=True,
            require_sso=False,
            jit_enabled=False,
            jit_role="member",
        )
    assert exc.value.field == "saml_metadata_xml"
