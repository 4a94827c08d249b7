package org.duplex.resync.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;

/**
 * The wire form of resync messages: CBOR (binary JSON) through Jackson, so block data travels as raw
 * bytes (no base64) and the records stay the single definition of the protocol.
 */
public final class ResyncCodec {
    private static final ObjectMapper MAPPER = CBORMapper.builder().build();

    private ResyncCodec() {}

    public static byte[] encode(ResyncRequest request) throws IOException {
        return MAPPER.writerFor(ResyncRequest.class).writeValueAsBytes(request);
    }

    public static byte[] encode(ResyncReply reply) throws IOException {
        return MAPPER.writerFor(ResyncReply.class).writeValueAsBytes(reply);
    }

    public static ResyncRequest decodeRequest(byte[] bytes) throws IOException {
        return MAPPER.readValue(bytes, ResyncRequest.class);
    }

    public static ResyncReply decodeReply(byte[] bytes) throws IOException {
        return MAPPER.readValue(bytes, ResyncReply.class);
    }
}
