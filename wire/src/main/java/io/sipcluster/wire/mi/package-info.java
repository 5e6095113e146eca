/**
 * {@code sipcluster-mi}: management commands run on another node with the result sent back, a sipcluster-only
 * capability next to OpenSIPS's fire-and-forget {@code MI_CMD}. Records and their codec; depends only on the
 * {@code io.sipcluster.wire} primitives.
 */
package io.sipcluster.wire.mi;
