package org.openwopi.wopi.userapi;

import java.util.List;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.openwopi.common.ApiException;
import org.openwopi.wopi.security.access.People;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * Every signed-in request of the user API and the host page tells {@link People} who the user is and which groups
 * their identity provider names now, so that shares can name them and WOPI decisions (which carry no OIDC token)
 * know their groups.
 */
public class PeopleFilter {

    private final CurrentIdentityAssociation identities;
    private final People people;

    PeopleFilter(CurrentIdentityAssociation identities, People people) {
        this.identities = identities;
        this.people = people;
    }

    @ServerRequestFilter
    public Uni<Void> recordPerson() {
        return identities.getDeferredIdentity().flatMap(identity -> {
            if (identity.isAnonymous()) {
                return Uni.createFrom().voidItem();
            }
            User user;
            try {
                user = User.of(identity);
            } catch (ApiException noUser) {
                // A client's token, not a person's: the resource answers it.
                return Uni.createFrom().voidItem();
            }
            return people.seen(user.id(), user.displayName(), List.copyOf(identity.getRoles()));
        });
    }
}
