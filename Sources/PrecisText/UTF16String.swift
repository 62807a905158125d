/// Fast conversion from UTF-16 code units to `String`.
///
/// `String(decoding:as: UTF16.self)` takes a generic slow path on Linux; transcoding to
/// UTF-8 ourselves and handing the
/// bytes to `String(unsafeUninitializedCapacity:)` is several times faster. Unpaired
/// surrogates become U+FFFD, as in `String(decoding:as:)`.
@inline(__always)
func makeString(_ units: UnsafeBufferPointer<UInt16>) -> String {
  var unused = FNV1a()
  return makeString(units, hashing: &unused)
}

/// `makeString`, folding the string's UTF-8 bytes into `hash` as they are written: a token's
/// norm and its hash in one pass over its units.
@inline(__always)
func makeString(_ units: UnsafeBufferPointer<UInt16>, hashing hash: inout FNV1a) -> String {
  let count = units.count
  if count == 0 { return "" }
  // A string of up to 15 UTF-8 bytes is kept inline (no allocation, no reference
  // counting), but only when the capacity asked for is at most 15: `count * 3` would make
  // a heap string of nearly every word of six letters or more.
  var capacity = count * 3
  if count <= 15 {
    var length = 0
    forEachUTF8Byte(of: units) { _ in length += 1 }
    capacity = length
  }
  return String(unsafeUninitializedCapacity: capacity) { out in
    var o = 0
    forEachUTF8Byte(of: units) { byte in
      out[o] = byte
      hash.add(byte)
      o += 1
    }
    return o
  }
}

/// Calls `body` with each UTF-8 byte of the text of `units`, as `makeString` would write
/// them (unpaired surrogates as U+FFFD): hashing or comparing a word's bytes needs no
/// string.
@inline(__always)
func forEachUTF8Byte(of units: UnsafeBufferPointer<UInt16>, _ body: (UInt8) -> Void) {
  let count = units.count
  var i = 0
  while i < count {
    let u = UInt32(units[i])
    i += 1
    if u < 0x80 {
      body(UInt8(u))
    } else if u < 0x800 {
      body(UInt8(0xC0 | (u >> 6)))
      body(UInt8(0x80 | (u & 0x3F)))
    } else if u >= 0xD800 && u <= 0xDBFF && i < count && units[i] >= 0xDC00 && units[i] <= 0xDFFF {
      let scalar = 0x10000 + ((u - 0xD800) << 10) + (UInt32(units[i]) - 0xDC00)
      i += 1
      body(UInt8(0xF0 | (scalar >> 18)))
      body(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
      body(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
      body(UInt8(0x80 | (scalar & 0x3F)))
    } else {
      let v = (u >= 0xD800 && u <= 0xDFFF) ? 0xFFFD : u
      body(UInt8(0xE0 | (v >> 12)))
      body(UInt8(0x80 | ((v >> 6) & 0x3F)))
      body(UInt8(0x80 | (v & 0x3F)))
    }
  }
}

@inline(__always)
func makeString(_ units: UnsafeBufferPointer<UInt16>, _ range: Range<Int>) -> String {
  makeString(UnsafeBufferPointer(rebasing: units[range]))
}

func makeString(_ units: [UInt16]) -> String {
  units.withUnsafeBufferPointer { makeString($0) }
}

/// The UTF-16 code units of `text`, transcoded from its UTF-8 bytes by hand: `Array(text.utf16)`
/// walks a native string through breadcrumbs and a generic iterator.
func utf16Units(of text: String) -> [UInt16] {
  var text = text
  return text.withUTF8 { bytes -> [UInt16] in
    let count = bytes.count
    return [UInt16](unsafeUninitializedCapacity: count) { out, written in
      var i = 0, o = 0
      while i < count {
        let b = UInt32(bytes[i])
        if b < 0x80 {
          out[o] = UInt16(b)
          i += 1
        } else if b < 0xE0 {
          out[o] = UInt16(((b & 0x1F) << 6) | (UInt32(bytes[i + 1]) & 0x3F))
          i += 2
        } else if b < 0xF0 {
          out[o] = UInt16(((b & 0x0F) << 12) | ((UInt32(bytes[i + 1]) & 0x3F) << 6) | (UInt32(bytes[i + 2]) & 0x3F))
          i += 3
        } else {
          let scalar = ((b & 0x07) << 18) | ((UInt32(bytes[i + 1]) & 0x3F) << 12) | ((UInt32(bytes[i + 2]) & 0x3F) << 6)
            | (UInt32(bytes[i + 3]) & 0x3F)
          let v = scalar - 0x10000
          out[o] = UInt16(0xD800 + (v >> 10))
          o += 1
          out[o] = UInt16(0xDC00 + (v & 0x3FF))
          i += 4
        }
        o += 1
      }
      written = o
    }
  }
}
