package org.openwopi.storage.file;

/**
 * A file with what opening it for one user needs.
 *
 * @param file          the file's metadata
 * @param containerName the name of its folder, or null at the top level
 * @param userInfo      the user's WOPI UserInfo, or null when they never stored one
 */
public record FileContext(FileView file, String containerName, String userInfo) {
}
