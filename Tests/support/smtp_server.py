#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for Herald's email tests: STARTTLS required before AUTH, AUTH
PLAIN/LOGIN with one user, and each accepted message parsed by Python's email package into a JSON
file, so the tests check what a mail client would see. Some recipients are refused on purpose:
perm-*@… get 550 and temp-*@… get 451. Once listening it prints "ready PORT" and writes the port
to DIR/ready; it stops on SIGTERM."""
import argparse, datetime, email, email.policy, json, os, signal, ssl, threading, uuid

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
import ipaddress


def self_signed(directory):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = os.path.join(directory, "cert.pem"), os.path.join(directory, "key.pem")
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(key_path, "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


class Mailbox:
    def __init__(self, directory):
        self.directory = directory

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0]
        if local.startswith("perm-"):
            return "550 5.1.1 mailbox unavailable"
        if local.startswith("temp-"):
            return "451 4.3.0 try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        parts = []
        for part in message.walk():
            if part.is_multipart():
                continue
            parts.append({"content_type": part.get_content_type(), "charset": part.get_content_charset(),
                          "transfer_encoding": part.get("Content-Transfer-Encoding"), "content": part.get_content()})
        record = {
            "mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos, "tls": session.ssl is not None,
            "authenticated": bool(session.authenticated), "subject": str(message["Subject"]), "from": str(message["From"]),
            "to": str(message["To"]), "message_id": str(message["Message-ID"]), "date": str(message["Date"]),
            "list_unsubscribe": message["List-Unsubscribe"] and str(message["List-Unsubscribe"]),
            "list_unsubscribe_post": message["List-Unsubscribe-Post"] and str(message["List-Unsubscribe-Post"]),
            "content_type": message.get_content_type(), "parts": parts, "defects": [str(d) for d in message.defects],
            "peer_port": session.peer[1] if session.peer else None,
            "raw_subject_header": envelope.original_content.split(b"\r\n\r\n")[0].decode("ascii", "replace"),
        }
        with open(os.path.join(self.directory, f"{uuid.uuid4()}.json"), "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        return "250 2.0.0 queued"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--user", default="herald")
    parser.add_argument("--password", default="s3cret")
    parser.add_argument("--idle-timeout", type=float, default=300, help="seconds before an idle session is closed")
    args = parser.parse_args()
    if args.port == 0:
        import socket
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        args.port = probe.getsockname()[1]
        probe.close()
    cert, key = self_signed(args.dir)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == args.user.encode() and auth_data.password == args.password.encode()
        # handled=False makes aiosmtpd answer 535 itself on failure.
        return AuthResult(success=ok, handled=False)

    controller = Controller(Mailbox(args.dir), hostname="127.0.0.1", port=args.port, tls_context=context,
                            require_starttls=True, authenticator=authenticator, auth_require_tls=True,
                            timeout=args.idle_timeout)
    controller.start()
    print(f"ready {args.port}", flush=True)
    # Written last, so a test that sees it knows the server accepts connections.
    with open(os.path.join(args.dir, "ready.tmp"), "w") as f:
        f.write(str(args.port))
    os.rename(os.path.join(args.dir, "ready.tmp"), os.path.join(args.dir, "ready"))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.2):
        pass
    # Exit at once: stopping the controller can wait on sessions a test left open, and every
    # message was written to disk when it was accepted.
    os._exit(0)


if __name__ == "__main__":
    main()
