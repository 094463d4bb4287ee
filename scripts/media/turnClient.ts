import { createHash, createHmac, randomBytes } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";

/**
 * A minimal TURN client over UDP (RFC 8656 Allocate and CreatePermission, RFC 8489 STUN with the
 * long-term credential mechanism), enough to ask a real coturn whether it accepts a credential
 * and whether it relays to an address. It is the media setup's test instrument, not a relay.
 */
const MAGIC_COOKIE = 0x2112a442;
const TYPE = { allocate: 0x0003, createPermission: 0x0008 } as const;
const ATTR = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  realm: 0x0014,
  nonce: 0x0015,
  xorPeerAddress: 0x0012,
  requestedTransport: 0x0019,
  xorRelayedAddress: 0x0016,
} as const;
const UDP = 17;

export interface TurnReply {
  /** Success (class 0b10) or error (0b11) response. */
  ok: boolean;
  /** The error code of an error response (401 unauthenticated, 403 forbidden, …). */
  errorCode: number | null;
  attributes: Map<number, Buffer>;
}

function attribute(type: number, value: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(value.length, 2);
  const padding = Buffer.alloc((4 - (value.length % 4)) % 4);
  return Buffer.concat([header, value, padding]);
}

function xorAddress(ip: string, port: number): Buffer {
  const value = Buffer.alloc(8);
  value.writeUInt8(0x01, 1);
  value.writeUInt16BE(port ^ (MAGIC_COOKIE >>> 16), 2);
  const parts = ip.split(".").map(Number);
  value.writeUInt32BE(
    (((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) ^ MAGIC_COOKIE) >>> 0,
    4,
  );
  return value;
}

/** A STUN request, signed with MESSAGE-INTEGRITY when a key is given (RFC 8489 §14.5). */
function request(type: number, attributes: Buffer[], key: Buffer | null): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt16BE(type, 0);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  randomBytes(12).copy(header, 8);
  let body = Buffer.concat(attributes);
  if (key) {
    // The length counts the MESSAGE-INTEGRITY attribute (24 bytes) that follows.
    header.writeUInt16BE(body.length + 24, 2);
    const mac = createHmac("sha1", key)
      .update(Buffer.concat([header, body]))
      .digest();
    body = Buffer.concat([body, attribute(ATTR.messageIntegrity, mac)]);
  }
  header.writeUInt16BE(body.length, 2);
  return Buffer.concat([header, body]);
}

function parse(message: Buffer): TurnReply {
  const type = message.readUInt16BE(0);
  const attributes = new Map<number, Buffer>();
  for (let at = 20; at + 4 <= message.length;) {
    const kind = message.readUInt16BE(at);
    const length = message.readUInt16BE(at + 2);
    attributes.set(kind, message.subarray(at + 4, at + 4 + length));
    at += 4 + length + ((4 - (length % 4)) % 4);
  }
  const error = attributes.get(ATTR.errorCode);
  return {
    ok: (type & 0x0110) === 0x0100,
    errorCode: error ? (error.readUInt8(2) & 0x07) * 100 + error.readUInt8(3) : null,
    attributes,
  };
}

/** One TURN client on one UDP socket (an allocation belongs to the 5-tuple). */
export class TurnClient {
  private readonly socket: Socket;
  private readonly server: { host: string; port: number };
  private realm: Buffer = Buffer.alloc(0);
  private nonce: Buffer = Buffer.alloc(0);
  private key: Buffer | null = null;
  private username: Buffer = Buffer.alloc(0);

  constructor(host: string, port: number) {
    this.socket = createSocket("udp4");
    this.server = { host, port };
  }

  /**
   * Allocates a relay with the username and password: first unauthenticated (the server answers
   * 401 with its realm and nonce), then signed with the long-term key MD5(user:realm:password).
   */
  async allocate(username: string, password: string): Promise<TurnReply> {
    const transport = Buffer.from([UDP, 0, 0, 0]);
    const challenge = await this.send(
      request(TYPE.allocate, [attribute(ATTR.requestedTransport, transport)], null),
    );
    if (challenge.errorCode !== 401) return challenge;
    this.realm = challenge.attributes.get(ATTR.realm) ?? Buffer.alloc(0);
    this.nonce = challenge.attributes.get(ATTR.nonce) ?? Buffer.alloc(0);
    this.username = Buffer.from(username);
    this.key = createHash("md5")
      .update(`${username}:${this.realm.toString()}:${password}`)
      .digest();
    return this.send(
      request(
        TYPE.allocate,
        [attribute(ATTR.requestedTransport, transport), ...this.credentials()],
        this.key,
      ),
    );
  }

  /** Asks to relay to a peer (after a successful allocation). */
  createPermission(peerIp: string): Promise<TurnReply> {
    return this.send(
      request(
        TYPE.createPermission,
        [attribute(ATTR.xorPeerAddress, xorAddress(peerIp, 0)), ...this.credentials()],
        this.key,
      ),
    );
  }

  close(): void {
    this.socket.close();
  }

  private credentials(): Buffer[] {
    return [
      attribute(ATTR.username, this.username),
      attribute(ATTR.realm, this.realm),
      attribute(ATTR.nonce, this.nonce),
    ];
  }

  /** Sends a request and waits for the answer (a few tries: UDP may drop one). */
  private async send(message: Buffer): Promise<TurnReply> {
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const reply = await new Promise<Buffer | null>((resolve) => {
        const timer = setTimeout(() => {
          this.socket.off("message", onMessage);
          resolve(null);
        }, 1_000);
        const onMessage = (data: Buffer) => {
          if (data.length < 20 || !data.subarray(8, 20).equals(message.subarray(8, 20))) return;
          clearTimeout(timer);
          this.socket.off("message", onMessage);
          resolve(data);
        };
        this.socket.on("message", onMessage);
        this.socket.send(message, this.server.port, this.server.host);
      });
      if (reply) return parse(reply);
    }
    throw new Error(`no answer from ${this.server.host}:${String(this.server.port)}`);
  }
}

export { ATTR as TURN_ATTRIBUTES };
