package io.wadns.transfer;

/** What a zone transfer request gets: one message (a refusal or an error), or a stream of messages. */
public sealed interface TransferReply {
  /** One message, then the connection goes on as for any query. */
  record Single(byte[] wire) implements TransferReply {}

  /** The messages of the transfer. */
  record Stream(MessageStream messages) implements TransferReply {}
}
