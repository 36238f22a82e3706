package org.openwopi.storage.user;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What a WOPI client stored for a user through PutUserInfo. */
@Entity
@Table(name = "user_info")
public class UserInfoEntity {

    @Id
    @Column(name = "user_id")
    public String userId;
    public String info;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
