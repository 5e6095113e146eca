package io.sipcluster.mgmt.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Calls MI commands on a node over HTTP JSON-RPC (the endpoint {@code ManagementServer} serves, or OpenSIPS's
 * mi_http). One instance may be shared by threads.
 *
 * <pre>{@code
 * MiClient mi = new MiClient(MiClient.endpoint("127.0.0.1:8888"), token, Duration.ofSeconds(10));
 * JsonNode nodes = mi.call("clusterer_list");
 * mi.call("clusterer_set_status", List.of("1", "2", "0"));
 * }</pre>
 */
public final class MiClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final String token;
    private final Duration timeout;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    /**
     * @param token the node's management token, or null when it runs without one
     * @param timeout for connecting and for the whole answer
     */
    public MiClient(URI endpoint, String token, Duration timeout) {
        this.endpoint = endpoint;
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** {@code host:port} (or a full {@code http://} URL) to the node's {@code /mi} endpoint. */
    public static URI endpoint(String node) {
        String s = node.trim();
        if (s.startsWith("http://") || s.startsWith("https://")) {
            URI u = URI.create(s);
            return u.getPath() == null || u.getPath().isEmpty() ? u.resolve("/mi") : u;
        }
        if (s.indexOf(':') < 0) {
            s = s + ":8888";
        }
        return URI.create("http://" + s + "/mi");
    }

    public JsonNode call(String method) throws IOException, MiCallException {
        return call(method, (JsonNode) null);
    }

    /** Positional parameters, as strings (the node converts numbers). */
    public JsonNode call(String method, List<String> params) throws IOException, MiCallException {
        ArrayNode array = JSON.createArrayNode();
        params.forEach(array::add);
        return call(method, params.isEmpty() ? null : array);
    }

    /**
     * Calls {@code method} and returns its result.
     *
     * @param params a JSON object (named), a JSON array (positional), or null
     * @throws MiCallException the node answered with an error object
     * @throws IOException the node could not be reached, refused the token, or answered something that is not
     *     JSON-RPC
     */
    public JsonNode call(String method, JsonNode params) throws IOException, MiCallException {
        JsonNode answer = exchange(method, params);
        JsonNode error = answer.get("error");
        if (error != null) {
            JsonNode data = error.get("data");
            throw new MiCallException(error.path("code").asInt(), error.path("message").asText(),
                    data == null || data.isNull() ? null : data.asText());
        }
        if (!answer.has("result")) {
            throw new IOException("the node answered neither a result nor an error: " + answer);
        }
        return answer.get("result");
    }

    /** The whole JSON-RPC response object, error or not. */
    public JsonNode exchange(String method, JsonNode params) throws IOException {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("method", method);
        if (params != null) {
            request.set("params", params);
        }
        request.put("id", ids.incrementAndGet());
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request)));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new IOException("no answer from " + endpoint + " within " + timeout.toMillis() + " ms", e);
        } catch (ConnectException e) {
            throw new IOException("cannot connect to " + endpoint + ": is the node running with management on that "
                    + "port?", e);
        } catch (IOException e) {
            throw new IOException("calling " + endpoint + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + endpoint, e);
        }
        return parse(response);
    }

    private JsonNode parse(HttpResponse<byte[]> response) throws IOException {
        int status = response.statusCode();
        if (status == 401) {
            throw new IOException(endpoint + " refused the token" + (token == null ? " (none was given: use --token)" : ""));
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IOException(endpoint + " answered HTTP " + status + " with a body that is not JSON", e);
        }
        if (body == null || !body.isObject() || (!body.has("result") && !body.has("error"))) {
            throw new IOException(endpoint + " answered HTTP " + status + " without a JSON-RPC response");
        }
        return body;
    }
}
