/**
 * The few pieces of the protocol-buffers wire format (https://protobuf.dev/programming-guides/encoding/) that an
 * ONNX ModelProto needs, written by hand so the package keeps zero runtime dependencies: varints (int64 fields,
 * negative ones as 10-byte two's complement, as protobuf does for int64), length-delimited fields (strings, bytes,
 * nested messages) and fixed32 floats. A nested message is encoded by its own writer and then added as bytes,
 * because its length prefix must be known before its contents; ONNX models of this package are small, so the
 * copy costs nothing that matters.
 */

const WIRE_VARINT = 0;
const WIRE_LENGTH_DELIMITED = 2;
const WIRE_FIXED32 = 5;

const textEncoder = new TextEncoder();

export class ProtobufWriter {
  private buffer = new Uint8Array(256);
  private length = 0;
  private readonly scratch = new DataView(new ArrayBuffer(4));

  private reserve(extra: number): void {
    const needed = this.length + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }

  private byte(value: number): void {
    this.reserve(1);
    this.buffer[this.length++] = value;
  }

  /** An unsigned varint, or a negative int64 as its 64-bit two's complement (always 10 bytes). */
  private varint(value: number): void {
    if (!Number.isSafeInteger(value)) {
      throw new Error(
        `ProtobufWriter: ${String(value)} is not a safe integer; int64 fields take integers within ±2^53`,
      );
    }
    if (value < 0) {
      let big = BigInt.asUintN(64, BigInt(value));
      while (big >= 0x80n) {
        this.byte(Number(big & 0x7fn) | 0x80);
        big >>= 7n;
      }
      this.byte(Number(big));
      return;
    }
    // Division, not >>> 7: the bit operators truncate to 32 bits and int64 values (tensor sizes) may exceed them.
    while (value >= 0x80) {
      this.byte((value % 0x80) | 0x80);
      value = Math.floor(value / 0x80);
    }
    this.byte(value);
  }

  private tag(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  /** An int64/int32/enum field (varint). */
  int(field: number, value: number): this {
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  /** A float field (fixed32, little-endian). */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    this.scratch.setFloat32(0, value, true);
    this.reserve(4);
    for (let i = 0; i < 4; i++) this.buffer[this.length++] = this.scratch.getUint8(i);
    return this;
  }

  /** A bytes field (length-delimited); also how a nested message is added (`message`). */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_LENGTH_DELIMITED);
    this.varint(value.length);
    this.reserve(value.length);
    this.buffer.set(value, this.length);
    this.length += value.length;
    return this;
  }

  /** A string field, UTF-8. */
  string(field: number, value: string): this {
    return this.bytes(field, textEncoder.encode(value));
  }

  /** A nested message field, encoded by its own writer. */
  message(field: number, value: ProtobufWriter): this {
    return this.bytes(field, value.finish());
  }

  /** The bytes written so far (a copy, so the writer may go on). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
