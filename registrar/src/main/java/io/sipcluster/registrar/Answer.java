package io.sipcluster.registrar;

/** The registrar's response to one request: its status code and the bytes to send. */
public record Answer(int status, byte[] bytes) {
}
