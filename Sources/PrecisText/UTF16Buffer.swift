import CICU

/// Calls an ICU shim function that writes UTF-16 output, growing the buffer when needed.
///
/// The shim functions return the full output length even when it exceeds the capacity,
/// so at most two calls are made.
func transformUTF16(
  _ input: UnsafeBufferPointer<UInt16>,
  operation: String,
  minimumCapacity: Int? = nil,
  _ body: (UnsafePointer<UInt16>?, Int32, UnsafeMutablePointer<UInt16>?, Int32, UnsafeMutablePointer<Int32>) -> Int32
) throws(TextError) -> [UInt16] {
  // ICU lengths are int32_t: a longer text is refused as ICU refuses a bad length
  // (U_ILLEGAL_ARGUMENT_ERROR), and callers fall back, instead of trapping on the conversion.
  guard let length = Int32(exactly: input.count) else { throw .icu(operation: operation, code: 1) }
  var capacity = min(max(minimumCapacity ?? (input.count + input.count / 8 + 16), 16), Int(Int32.max))
  for _ in 0..<2 {
    var error: Int32 = 0
    var written: Int32 = 0
    let output = [UInt16](unsafeUninitializedCapacity: capacity) { buffer, count in
      written = body(input.baseAddress, length, buffer.baseAddress, Int32(capacity), &error)
      count = (written >= 0 && Int(written) <= capacity) ? Int(written) : 0
    }
    if written < 0 || error > 0 { throw .icu(operation: operation, code: error) }
    if Int(written) <= capacity { return output }
    capacity = Int(written)
  }
  throw .icu(operation: operation, code: -1)
}
