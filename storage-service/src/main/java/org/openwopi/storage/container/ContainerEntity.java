package org.openwopi.storage.container;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A folder. A folder without a parent is a user's home ({@code homeOf} names the user); every other has one. */
@Entity
@Table(name = "containers")
public class ContainerEntity {

    @Id
    public String id;
    @Column(name = "parent_id")
    public String parentId;
    public String name;
    @Column(name = "owner_id")
    public String ownerId;
    @Column(name = "home_of")
    public String homeOf;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
