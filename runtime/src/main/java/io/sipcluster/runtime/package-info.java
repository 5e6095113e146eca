/**
 * Running a node: the loop thread that owns a {@link io.sipcluster.core.ClusterEngine} ({@link
 * io.sipcluster.runtime.EngineLoop}), the seam to transports ({@link io.sipcluster.runtime.Transport}, {@link
 * io.sipcluster.runtime.Inbound}), and the embedding API ({@link io.sipcluster.runtime.ClusterNode} built from
 * {@link io.sipcluster.runtime.NodeSettings}).
 *
 * <p>Depends on {@code core}, {@code wire}, SLF4J, and (in {@code transport}) Netty. Nothing here parses
 * configuration files: the launcher maps its configuration onto {@code NodeSettings}.
 */
package io.sipcluster.runtime;
