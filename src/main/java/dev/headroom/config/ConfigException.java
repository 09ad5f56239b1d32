package dev.headroom.config;

/** Placeholder; the config loader work replaces this file. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
