package io.sipcluster.app;

/** Placeholder until the launcher lands. */
public final class Main {
    public static void main(String[] args) {}
}
