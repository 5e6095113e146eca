package io.sipcluster.mgmt.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit, never buffering more than the limit whatever the client claims or sends. */
final class RequestBodies {
    /** The body was larger than allowed; nothing past the limit was read. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    private RequestBodies() { }

    /**
     * @param declaredLength the Content-Length, or -1 when the body is chunked
     */
    static byte[] read(InputStream in, long declaredLength, int limit) throws IOException, TooLarge {
        if (declaredLength > limit) {
            throw new TooLarge();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declaredLength > 0 ? (int) declaredLength : 1024);
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > limit) {
                throw new TooLarge();
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
