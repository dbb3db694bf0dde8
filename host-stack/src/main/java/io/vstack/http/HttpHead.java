package io.vstack.http;

/** Where an HTTP/1.1 message head ends (RFC 9112: the empty line after the header fields). */
final class HttpHead {
  private HttpHead() {}

  /**
   * The index just past the first CRLF CRLF in {@code bytes[0, length)} whose last byte lies at or
   * after {@code from + 3}, or -1 when the head is not complete yet.
   */
  static int end(final byte[] bytes, final int from, final int length) {
    for (int i = from + 3; i < length; i++) {
      if (bytes[i] == '\n'
          && bytes[i - 1] == '\r'
          && bytes[i - 2] == '\n'
          && bytes[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }
}
