package io.sipcluster.wire;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The OpenSIPS field name of a record component, where the Java name differs from the snake_case of its own name.
 * Tools that print packets (the inspector) use it, so that their output uses the names operators know.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface WireName {
    String value();
}
