package org.openwopi.wopi.protocol;

/** The WOPI request and response headers we read and write. */
public final class WopiHeaders {

    public static final String OVERRIDE = "X-WOPI-Override";
    public static final String LOCK = "X-WOPI-Lock";
    public static final String URL_TYPE = "X-WOPI-UrlType";
    public static final String OLD_LOCK = "X-WOPI-OldLock";
    public static final String LOCK_FAILURE_REASON = "X-WOPI-LockFailureReason";
    public static final String ITEM_VERSION = "X-WOPI-ItemVersion";
    public static final String MAX_EXPECTED_SIZE = "X-WOPI-MaxExpectedSize";
    public static final String SUGGESTED_TARGET = "X-WOPI-SuggestedTarget";
    /** On PutRelativeFile: the body is the file converted by the client's {@code convert} action. */
    public static final String FILE_CONVERSION = "X-WOPI-FileConversion";
    public static final String RELATIVE_TARGET = "X-WOPI-RelativeTarget";
    public static final String OVERWRITE_RELATIVE_TARGET = "X-WOPI-OverwriteRelativeTarget";
    public static final String VALID_RELATIVE_TARGET = "X-WOPI-ValidRelativeTarget";
    public static final String REQUESTED_NAME = "X-WOPI-RequestedName";
    public static final String INVALID_FILE_NAME_ERROR = "X-WOPI-InvalidFileNameError";
    public static final String FILE_EXTENSION_FILTER = "X-WOPI-FileExtensionFilterList";
    public static final String PROOF = "X-WOPI-Proof";
    public static final String PROOF_OLD = "X-WOPI-ProofOld";
    public static final String TIMESTAMP = "X-WOPI-TimeStamp";
    public static final String CORRELATION_ID = "X-WOPI-CorrelationID";
    public static final String SESSION_ID = "X-WOPI-SessionId";
    public static final String EDITORS = "X-WOPI-Editors";
    public static final String COOL_TIMESTAMP = "X-COOL-WOPI-Timestamp";
    public static final String LOOL_TIMESTAMP = "X-LOOL-WOPI-Timestamp";
    public static final String COOL_IS_AUTOSAVE = "X-COOL-WOPI-IsAutosave";
    public static final String LOOL_IS_AUTOSAVE = "X-LOOL-WOPI-IsAutosave";
    public static final String COOL_IS_EXIT_SAVE = "X-COOL-WOPI-IsExitSave";
    public static final String LOOL_IS_EXIT_SAVE = "X-LOOL-WOPI-IsExitSave";
    public static final String COOL_IS_MODIFIED_BY_USER = "X-COOL-WOPI-IsModifiedByUser";
    public static final String LOOL_IS_MODIFIED_BY_USER = "X-LOOL-WOPI-IsModifiedByUser";

    /** The longest lock id we store (SupportsExtendedLockLength); longer ones are refused, never truncated. */
    public static final int MAX_LOCK_LENGTH = 1024;

    private WopiHeaders() {
    }
}
