package io.sipcluster.dialog;

/** Names of dialog values with a meaning to OpenSIPS. */
public final class DialogValues {
    /** The dialog's sharing tag travels as this value in {@code vars} (OpenSIPS {@code set_dlg_sharing_tag}). */
    public static final String SHARING_TAG = "dlgX_shtag";

    private DialogValues() {}
}
