package io.sipcluster.dialog;

/** The sharing tags as this node holds them. A dialog without a tag, or with an unknown one, is acted on. */
@FunctionalInterface
public interface TagStates {
    boolean isBackup(String tag);

    TagStates ALL_ACTIVE = tag -> false;
}
