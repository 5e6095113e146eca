package io.sipcluster.dialog;

/**
 * Where local dialog changes go to be replicated, called under the dialogs' lock in the order they happened: an
 * implementation copies what it needs and returns (it must not block or call back).
 */
public interface DialogReplicationSink {
    void created(Dialog d);

    void updated(Dialog d);

    void deleted(Dialog d);

    /** This node numbered a request to one party itself: the last CSeq it used towards it changed. */
    default void cseq(Dialog d, boolean towardsCallee) {}

    DialogReplicationSink NONE = new DialogReplicationSink() {
        @Override
        public void created(Dialog d) {}

        @Override
        public void updated(Dialog d) {}

        @Override
        public void deleted(Dialog d) {}
    };
}
