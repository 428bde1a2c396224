// @generated from the OpenAPI document in schema/. Do not edit: change the schema and rebuild (UPDATE_GENERATED=1 cargo test refreshes generated/).

impl crate::blocking::Client {
    /// Endpoints under `/v1/b2b/scim`.
    #[cfg(feature = "scim")]
    #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
    pub fn scim(&self) -> resources::Scim<'_> {
        resources::Scim { client: self }
    }

    /// Endpoints under `/v1/b2b/organizations`.
    #[cfg(feature = "organizations")]
    #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
    pub fn organizations(&self) -> resources::Organizations<'_> {
        resources::Organizations {
            client: self,
        }
    }

    /// Endpoints under `/v1/b2b/idp`.
    #[cfg(feature = "idp")]
    #[cfg_attr(docsrs, doc(cfg(feature = "idp")))]
    pub fn idp(&self) -> resources::Idp<'_> {
        resources::Idp { client: self }
    }

    /// Endpoints under `/v1/b2b/sessions`.
    #[cfg(feature = "sessions")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sessions")))]
    pub fn sessions(&self) -> resources::Sessions<'_> {
        resources::Sessions {
            client: self,
        }
    }

    /// Endpoints under `/v1/b2b/impersonation`.
    #[cfg(feature = "impersonation")]
    #[cfg_attr(docsrs, doc(cfg(feature = "impersonation")))]
    pub fn impersonation(&self) -> resources::Impersonation<'_> {
        resources::Impersonation {
            client: self,
        }
    }

    /// Endpoints under `/v1/b2b/rbac`.
    #[cfg(feature = "rbac")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rbac")))]
    pub fn rbac(&self) -> resources::Rbac<'_> {
        resources::Rbac { client: self }
    }

    /// Endpoints under `/v1/b2b/recovery_codes`.
    #[cfg(feature = "recovery-codes")]
    #[cfg_attr(docsrs, doc(cfg(feature = "recovery-codes")))]
    pub fn recovery_codes(&self) -> resources::RecoveryCodes<'_> {
        resources::RecoveryCodes {
            client: self,
        }
    }

    /// Endpoints under `/v1/b2b/totp`.
    #[cfg(feature = "totp")]
    #[cfg_attr(docsrs, doc(cfg(feature = "totp")))]
    pub fn totp(&self) -> resources::Totp<'_> {
        resources::Totp { client: self }
    }

    /// Endpoints under `/v1/b2b/discovery`.
    #[cfg(feature = "discovery")]
    #[cfg_attr(docsrs, doc(cfg(feature = "discovery")))]
    pub fn discovery(&self) -> resources::Discovery<'_> {
        resources::Discovery {
            client: self,
        }
    }

    /// Endpoints under `/v1/b2b/magic_links`.
    #[cfg(feature = "magic-links")]
    #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
    pub fn magic_links(&self) -> resources::MagicLinks<'_> {
        resources::MagicLinks {
            client: self,
        }
    }

    /// Endpoints under `/v1/b2b/oauth`.
    #[cfg(feature = "oauth")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oauth")))]
    pub fn oauth(&self) -> resources::Oauth<'_> {
        resources::Oauth { client: self }
    }

    /// Endpoints under `/v1/b2b/otps`.
    pub fn otps(&self) -> resources::Otps<'_> {
        resources::Otps { client: self }
    }

    /// Endpoints under `/v1/b2b/passwords`.
    #[cfg(feature = "passwords")]
    #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
    pub fn passwords(&self) -> resources::Passwords<'_> {
        resources::Passwords {
            client: self,
        }
    }

    /// Endpoints under `/v1/b2b/sso`.
    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    pub fn sso(&self) -> resources::Sso<'_> {
        resources::Sso { client: self }
    }
}

/// Handles of the blocking client, mirroring [`crate::resources`].
pub mod resources {
    /// Endpoints under `/v1/b2b/scim`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "scim")]
    #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
    #[derive(Clone, Copy, Debug)]
    pub struct Scim<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "scim")]
    #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
    impl<'a> Scim<'a> {
        /// Endpoints under `/v1/b2b/scim/{organization_id}/connection`.
        #[cfg(feature = "scim")]
        #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
        pub fn connection(&self) -> ScimConnection<'a> {
            ScimConnection {
                client: self.client,
            }
        }
    }

    /// Endpoints under `/v1/b2b/scim/{organization_id}/connection`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "scim")]
    #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
    #[derive(Clone, Copy, Debug)]
    pub struct ScimConnection<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "scim")]
    #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
    impl<'a> ScimConnection<'a> {
        /// Update a SCIM connection. Blocks the calling thread until the call completes.
        ///
        /// `PUT /v1/b2b/scim/{organization_id}/connection/{connection_id}`. See
        /// [`update`](crate::resources::ScimConnection::update) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "scim")]
        #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
        pub fn update(
            self,
            request: crate::scim_connection::UpdateRequest,
        ) -> Result<crate::scim_connection::UpdateResponse, crate::Error> {
            self.client.wait(self.client.as_async().scim().connection().update(request))
        }

        /// Delete a SCIM connection. Blocks the calling thread until the call completes.
        ///
        /// `DELETE /v1/b2b/scim/{organization_id}/connection/{connection_id}`. See
        /// [`delete`](crate::resources::ScimConnection::delete) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "scim")]
        #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
        pub fn delete(
            self,
            request: crate::scim_connection::DeleteRequest,
        ) -> Result<crate::scim_connection::DeleteResponse, crate::Error> {
            self.client.wait(self.client.as_async().scim().connection().delete(request))
        }

        /// List a SCIM connection's groups. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/scim/{organization_id}/connection/{connection_id}`. See
        /// [`get_groups`](crate::resources::ScimConnection::get_groups) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "scim")]
        #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
        pub fn get_groups(
            self,
            request: crate::scim_connection::GetGroupsRequest,
        ) -> Result<crate::scim_connection::GetGroupsResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().scim().connection().get_groups(request))
        }

        /// The pages of [`scim.connection.get_groups`](Self::get_groups), fetched one at a time as the
        /// iterator is advanced (see [`BlockingPages`](crate::BlockingPages)).
        ///
        /// `request` is the operation's own
        /// [`GetGroupsRequest`](crate::scim_connection::GetGroupsRequest). Each page's `next_cursor`
        /// becomes the next request's `cursor`; the request's own `cursor` is where the first page
        /// starts.
        #[cfg(feature = "scim")]
        #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
        pub fn get_groups_pages(
            self,
            request: crate::scim_connection::GetGroupsRequest,
        ) -> crate::BlockingPages<crate::scim_connection::GetGroupsResponse> {
            crate::BlockingPages::new(self.client, request)
        }

        /// Start rotating a SCIM bearer token. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/scim/{organization_id}/connection/{connection_id}/rotate/start`. See
        /// [`rotate_start`](crate::resources::ScimConnection::rotate_start) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "scim")]
        #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
        pub fn rotate_start(
            self,
            request: crate::scim_connection::RotateStartRequest,
        ) -> Result<crate::scim_connection::RotateStartResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().scim().connection().rotate_start(request))
        }

        /// Complete a SCIM bearer token rotation. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/scim/{organization_id}/connection/{connection_id}/rotate/complete`. See
        /// [`rotate_complete`](crate::resources::ScimConnection::rotate_complete) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "scim")]
        #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
        pub fn rotate_complete(
            self,
            request: crate::scim_connection::RotateCompleteRequest,
        ) -> Result<crate::scim_connection::RotateCompleteResponse, crate::Error> {
            self.client
                .wait(
                    self.client.as_async().scim().connection().rotate_complete(request),
                )
        }

        /// Cancel a SCIM bearer token rotation. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/scim/{organization_id}/connection/{connection_id}/rotate/cancel`. See
        /// [`rotate_cancel`](crate::resources::ScimConnection::rotate_cancel) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "scim")]
        #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
        pub fn rotate_cancel(
            self,
            request: crate::scim_connection::RotateCancelRequest,
        ) -> Result<crate::scim_connection::RotateCancelResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().scim().connection().rotate_cancel(request))
        }

        /// Create a SCIM connection. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/scim/{organization_id}/connection`. See
        /// [`create`](crate::resources::ScimConnection::create) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "scim")]
        #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
        pub fn create(
            self,
            request: crate::scim_connection::CreateRequest,
        ) -> Result<crate::scim_connection::CreateResponse, crate::Error> {
            self.client.wait(self.client.as_async().scim().connection().create(request))
        }

        /// Get an Organization's SCIM connection. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/scim/{organization_id}/connection`. See
        /// [`get`](crate::resources::ScimConnection::get) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "scim")]
        #[cfg_attr(docsrs, doc(cfg(feature = "scim")))]
        pub fn get(
            self,
            request: crate::scim_connection::GetRequest,
        ) -> Result<crate::scim_connection::GetResponse, crate::Error> {
            self.client.wait(self.client.as_async().scim().connection().get(request))
        }
    }

    /// Endpoints under `/v1/b2b/organizations`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "organizations")]
    #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
    #[derive(Clone, Copy, Debug)]
    pub struct Organizations<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "organizations")]
    #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
    impl<'a> Organizations<'a> {
        /// Endpoints under `/v1/b2b/organizations/{organization_id}/connected_apps`.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn connected_apps(&self) -> OrganizationsConnectedApps<'a> {
            OrganizationsConnectedApps {
                client: self.client,
            }
        }

        /// Endpoints under `/v1/b2b/organizations/{organization_id}/members`.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn members(&self) -> OrganizationsMembers<'a> {
            OrganizationsMembers {
                client: self.client,
            }
        }

        /// Create an Organization. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/organizations`. See [`create`](crate::resources::Organizations::create) for
        /// the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn create(
            self,
            request: crate::organizations::CreateRequest,
        ) -> Result<crate::organizations::CreateResponse, crate::Error> {
            self.client.wait(self.client.as_async().organizations().create(request))
        }

        /// Get an Organization. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/organizations/{organization_id}`. See
        /// [`get`](crate::resources::Organizations::get) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn get(
            self,
            request: crate::organizations::GetRequest,
        ) -> Result<crate::organizations::GetResponse, crate::Error> {
            self.client.wait(self.client.as_async().organizations().get(request))
        }

        /// Update an Organization. Blocks the calling thread until the call completes.
        ///
        /// `PUT /v1/b2b/organizations/{organization_id}`. See
        /// [`update`](crate::resources::Organizations::update) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn update(
            self,
            request: crate::organizations::UpdateRequest,
        ) -> Result<crate::organizations::UpdateResponse, crate::Error> {
            self.client.wait(self.client.as_async().organizations().update(request))
        }

        /// Delete an Organization. Blocks the calling thread until the call completes.
        ///
        /// `DELETE /v1/b2b/organizations/{organization_id}`. See
        /// [`delete`](crate::resources::Organizations::delete) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn delete(
            self,
            request: crate::organizations::DeleteRequest,
        ) -> Result<crate::organizations::DeleteResponse, crate::Error> {
            self.client.wait(self.client.as_async().organizations().delete(request))
        }

        /// Search Organizations. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/organizations/search`. See [`search`](crate::resources::Organizations::search)
        /// for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn search(
            self,
            request: crate::organizations::SearchRequest,
        ) -> Result<crate::organizations::SearchResponse, crate::Error> {
            self.client.wait(self.client.as_async().organizations().search(request))
        }

        /// The pages of [`organizations.search`](Self::search), fetched one at a time as the iterator
        /// is advanced (see [`BlockingPages`](crate::BlockingPages)).
        ///
        /// `request` is the operation's own [`SearchRequest`](crate::organizations::SearchRequest).
        /// Each page's `results_metadata.next_cursor` becomes the next request's `cursor`; the
        /// request's own `cursor` is where the first page starts.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn search_pages(
            self,
            request: crate::organizations::SearchRequest,
        ) -> crate::BlockingPages<crate::organizations::SearchResponse> {
            crate::BlockingPages::new(self.client, request)
        }

        /// Count an Organization's Members. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/organizations/{organization_id}/metrics`. See
        /// [`get_metrics`](crate::resources::Organizations::get_metrics) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn get_metrics(
            self,
            request: crate::organizations::MetricsRequest,
        ) -> Result<crate::organizations::MetricsResponse, crate::Error> {
            self.client.wait(self.client.as_async().organizations().get_metrics(request))
        }

        /// Remove an Organization's external ID. Blocks the calling thread until the call completes.
        ///
        /// `DELETE /v1/b2b/organizations/{organization_id}/external_id`. See
        /// [`delete_external_id`](crate::resources::Organizations::delete_external_id) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn delete_external_id(
            self,
            request: crate::organizations::DeleteExternalIdRequest,
        ) -> Result<crate::organizations::DeleteExternalIdResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().organizations().delete_external_id(request))
        }
    }

    /// Endpoints under `/v1/b2b/organizations/{organization_id}/connected_apps`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "organizations")]
    #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
    #[derive(Clone, Copy, Debug)]
    pub struct OrganizationsConnectedApps<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "organizations")]
    #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
    impl<'a> OrganizationsConnectedApps<'a> {
        /// List an Organization's Connected Apps. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/organizations/{organization_id}/connected_apps`. See
        /// [`list`](crate::resources::OrganizationsConnectedApps::list) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn list(
            self,
            request: crate::organizations::ConnectedAppsRequest,
        ) -> Result<crate::organizations::ConnectedAppsResponse, crate::Error> {
            self.client
                .wait(
                    self.client.as_async().organizations().connected_apps().list(request),
                )
        }

        /// Get a Connected App of an Organization. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/organizations/{organization_id}/connected_apps/{connected_app_id}`. See
        /// [`get`](crate::resources::OrganizationsConnectedApps::get) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn get(
            self,
            request: crate::organizations::GetConnectedAppRequest,
        ) -> Result<crate::organizations::GetConnectedAppResponse, crate::Error> {
            self.client
                .wait(
                    self.client.as_async().organizations().connected_apps().get(request),
                )
        }
    }

    /// Endpoints under `/v1/b2b/organizations/{organization_id}/members`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "organizations")]
    #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
    #[derive(Clone, Copy, Debug)]
    pub struct OrganizationsMembers<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "organizations")]
    #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
    impl<'a> OrganizationsMembers<'a> {
        /// Endpoints under `/v1/b2b/organizations/{organization_id}/members/passwords`.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn passwords(&self) -> OrganizationsMembersPasswords<'a> {
            OrganizationsMembersPasswords {
                client: self.client,
            }
        }

        /// Endpoints under
        /// `/v1/b2b/organizations/{organization_id}/members/{member_id}/connected_apps`.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn connected_apps(&self) -> OrganizationsMembersConnectedApps<'a> {
            OrganizationsMembersConnectedApps {
                client: self.client,
            }
        }

        /// Endpoints under
        /// `/v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers`.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn oauth_providers(&self) -> OrganizationsMembersOauthProviders<'a> {
            OrganizationsMembersOauthProviders {
                client: self.client,
            }
        }

        /// Update a Member. Blocks the calling thread until the call completes.
        ///
        /// `PUT /v1/b2b/organizations/{organization_id}/members/{member_id}`. See
        /// [`update`](crate::resources::OrganizationsMembers::update) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn update(
            self,
            request: crate::organizations_members::UpdateRequest,
        ) -> Result<crate::organizations_members::UpdateResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().organizations().members().update(request))
        }

        /// Delete a Member. Blocks the calling thread until the call completes.
        ///
        /// `DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}`. See
        /// [`delete`](crate::resources::OrganizationsMembers::delete) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn delete(
            self,
            request: crate::organizations_members::DeleteRequest,
        ) -> Result<crate::organizations_members::DeleteResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().organizations().members().delete(request))
        }

        /// Reactivate a Member. Blocks the calling thread until the call completes.
        ///
        /// `PUT /v1/b2b/organizations/{organization_id}/members/{member_id}/reactivate`. See
        /// [`reactivate`](crate::resources::OrganizationsMembers::reactivate) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn reactivate(
            self,
            request: crate::organizations_members::ReactivateRequest,
        ) -> Result<crate::organizations_members::ReactivateResponse, crate::Error> {
            self.client
                .wait(
                    self.client.as_async().organizations().members().reactivate(request),
                )
        }

        /// Remove a Member's MFA phone number. Blocks the calling thread until the call completes.
        ///
        /// `DELETE /v1/b2b/organizations/{organization_id}/members/mfa_phone_numbers/{member_id}`. See
        /// [`delete_mfa_phone_number`](crate::resources::OrganizationsMembers::delete_mfa_phone_number)
        /// for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn delete_mfa_phone_number(
            self,
            request: crate::organizations_members::DeleteMFAPhoneNumberRequest,
        ) -> Result<
            crate::organizations_members::DeleteMFAPhoneNumberResponse,
            crate::Error,
        > {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .organizations()
                        .members()
                        .delete_mfa_phone_number(request),
                )
        }

        /// Remove a Member's TOTP registration. Blocks the calling thread until the call completes.
        ///
        /// `DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}/totp`. See
        /// [`delete_totp`](crate::resources::OrganizationsMembers::delete_totp) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn delete_totp(
            self,
            request: crate::organizations_members::DeleteTOTPRequest,
        ) -> Result<crate::organizations_members::DeleteTOTPResponse, crate::Error> {
            self.client
                .wait(
                    self.client.as_async().organizations().members().delete_totp(request),
                )
        }

        /// Search Members. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/organizations/members/search`. See
        /// [`search`](crate::resources::OrganizationsMembers::search) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn search(
            self,
            request: crate::organizations_members::SearchRequest,
        ) -> Result<crate::organizations_members::SearchResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().organizations().members().search(request))
        }

        /// The pages of [`organizations.members.search`](Self::search), fetched one at a time as the
        /// iterator is advanced (see [`BlockingPages`](crate::BlockingPages)).
        ///
        /// `request` is the operation's own
        /// [`SearchRequest`](crate::organizations_members::SearchRequest). Each page's
        /// `results_metadata.next_cursor` becomes the next request's `cursor`; the request's own
        /// `cursor` is where the first page starts.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn search_pages(
            self,
            request: crate::organizations_members::SearchRequest,
        ) -> crate::BlockingPages<crate::organizations_members::SearchResponse> {
            crate::BlockingPages::new(self.client, request)
        }

        /// Get a Member by ID alone. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/organizations/members/dangerously_get/{member_id}`. See
        /// [`dangerously_get`](crate::resources::OrganizationsMembers::dangerously_get) for the
        /// details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn dangerously_get(
            self,
            request: crate::organizations_members::DangerouslyGetRequest,
        ) -> Result<crate::organizations_members::GetResponse, crate::Error> {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .organizations()
                        .members()
                        .dangerously_get(request),
                )
        }

        /// Get a Member's OIDC SSO tokens. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/organizations/{organization_id}/members/{member_id}/oidc_providers`. See
        /// [`get_oidc_providers`](crate::resources::OrganizationsMembers::get_oidc_providers) for the
        /// details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn get_oidc_providers(
            self,
            request: crate::organizations_members::OIDCProvidersRequest,
        ) -> Result<crate::organizations_members::OIDCProvidersResponse, crate::Error> {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .organizations()
                        .members()
                        .get_oidc_providers(request),
                )
        }

        /// Unlink a Member's retired email address. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/organizations/{organization_id}/members/{member_id}/unlink_retired_email`. See
        /// [`unlink_retired_email`](crate::resources::OrganizationsMembers::unlink_retired_email) for
        /// the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn unlink_retired_email(
            self,
            request: crate::organizations_members::UnlinkRetiredEmailRequest,
        ) -> Result<
            crate::organizations_members::UnlinkRetiredEmailResponse,
            crate::Error,
        > {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .organizations()
                        .members()
                        .unlink_retired_email(request),
                )
        }

        /// Start changing a Member's email address. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/organizations/{organization_id}/members/{member_id}/start_email_update`. See
        /// [`start_email_update`](crate::resources::OrganizationsMembers::start_email_update) for the
        /// details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn start_email_update(
            self,
            request: crate::organizations_members::StartEmailUpdateRequest,
        ) -> Result<
            crate::organizations_members::StartEmailUpdateResponse,
            crate::Error,
        > {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .organizations()
                        .members()
                        .start_email_update(request),
                )
        }

        /// Remove a Member's external ID. Blocks the calling thread until the call completes.
        ///
        /// `DELETE /v1/b2b/organizations/{organization_id}/members/{member_id}/external_id`. See
        /// [`delete_external_id`](crate::resources::OrganizationsMembers::delete_external_id) for the
        /// details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn delete_external_id(
            self,
            request: crate::organizations_members::DeleteExternalIdRequest,
        ) -> Result<
            crate::organizations_members::DeleteExternalIdResponse,
            crate::Error,
        > {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .organizations()
                        .members()
                        .delete_external_id(request),
                )
        }

        /// Create a Member. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/organizations/{organization_id}/members`. See
        /// [`create`](crate::resources::OrganizationsMembers::create) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn create(
            self,
            request: crate::organizations_members::CreateRequest,
        ) -> Result<crate::organizations_members::CreateResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().organizations().members().create(request))
        }

        /// Get a Member. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/organizations/{organization_id}/member`. See
        /// [`get`](crate::resources::OrganizationsMembers::get) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn get(
            self,
            request: crate::organizations_members::GetRequest,
        ) -> Result<crate::organizations_members::GetResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().organizations().members().get(request))
        }
    }

    /// Endpoints under `/v1/b2b/organizations/{organization_id}/members/passwords`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "organizations")]
    #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
    #[derive(Clone, Copy, Debug)]
    pub struct OrganizationsMembersPasswords<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "organizations")]
    #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
    impl<'a> OrganizationsMembersPasswords<'a> {
        /// Remove a Member's password. Blocks the calling thread until the call completes.
        ///
        /// `DELETE /v1/b2b/organizations/{organization_id}/members/passwords/{member_password_id}`. See
        /// [`delete`](crate::resources::OrganizationsMembersPasswords::delete) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn delete(
            self,
            request: crate::organizations_members::DeletePasswordRequest,
        ) -> Result<crate::organizations_members::DeletePasswordResponse, crate::Error> {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .organizations()
                        .members()
                        .passwords()
                        .delete(request),
                )
        }
    }

    /// Endpoints under
    /// `/v1/b2b/organizations/{organization_id}/members/{member_id}/connected_apps`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "organizations")]
    #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
    #[derive(Clone, Copy, Debug)]
    pub struct OrganizationsMembersConnectedApps<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "organizations")]
    #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
    impl<'a> OrganizationsMembersConnectedApps<'a> {
        /// List a Member's Connected Apps. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/organizations/{organization_id}/members/{member_id}/connected_apps`. See
        /// [`list`](crate::resources::OrganizationsMembersConnectedApps::list) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn list(
            self,
            request: crate::organizations_members::GetConnectedAppsRequest,
        ) -> Result<
            crate::organizations_members::GetConnectedAppsResponse,
            crate::Error,
        > {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .organizations()
                        .members()
                        .connected_apps()
                        .list(request),
                )
        }

        /// Revoke a Member's access to a Connected App. Blocks the calling thread until the call
        /// completes.
        ///
        /// `POST
        /// /v1/b2b/organizations/{organization_id}/members/{member_id}/connected_apps/{connected_app_id}/revoke`.
        /// See [`revoke`](crate::resources::OrganizationsMembersConnectedApps::revoke) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn revoke(
            self,
            request: crate::organizations_members_connected_apps::RevokeRequest,
        ) -> Result<
            crate::organizations_members_connected_apps::RevokeResponse,
            crate::Error,
        > {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .organizations()
                        .members()
                        .connected_apps()
                        .revoke(request),
                )
        }
    }

    /// Endpoints under
    /// `/v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "organizations")]
    #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
    #[derive(Clone, Copy, Debug)]
    pub struct OrganizationsMembersOauthProviders<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "organizations")]
    #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
    impl<'a> OrganizationsMembersOauthProviders<'a> {
        /// Get a Member's Google OAuth tokens. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/google`.
        /// See [`get_google`](crate::resources::OrganizationsMembersOauthProviders::get_google) for the
        /// details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn get_google(
            self,
            request: crate::organizations_members_oauth_providers::GoogleRequest,
        ) -> Result<
            crate::organizations_members_oauth_providers::GoogleResponse,
            crate::Error,
        > {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .organizations()
                        .members()
                        .oauth_providers()
                        .get_google(request),
                )
        }

        /// Get a Member's Microsoft OAuth tokens. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/microsoft`.
        /// See [`get_microsoft`](crate::resources::OrganizationsMembersOauthProviders::get_microsoft)
        /// for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn get_microsoft(
            self,
            request: crate::organizations_members_oauth_providers::MicrosoftRequest,
        ) -> Result<
            crate::organizations_members_oauth_providers::MicrosoftResponse,
            crate::Error,
        > {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .organizations()
                        .members()
                        .oauth_providers()
                        .get_microsoft(request),
                )
        }

        /// Get a Member's Slack OAuth tokens. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/slack`. See
        /// [`get_slack`](crate::resources::OrganizationsMembersOauthProviders::get_slack) for the
        /// details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn get_slack(
            self,
            request: crate::organizations_members_oauth_providers::SlackRequest,
        ) -> Result<
            crate::organizations_members_oauth_providers::SlackResponse,
            crate::Error,
        > {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .organizations()
                        .members()
                        .oauth_providers()
                        .get_slack(request),
                )
        }

        /// Get a Member's HubSpot OAuth tokens. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/hubspot`.
        /// See [`get_hubspot`](crate::resources::OrganizationsMembersOauthProviders::get_hubspot) for
        /// the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn get_hubspot(
            self,
            request: crate::organizations_members_oauth_providers::HubspotRequest,
        ) -> Result<
            crate::organizations_members_oauth_providers::HubspotResponse,
            crate::Error,
        > {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .organizations()
                        .members()
                        .oauth_providers()
                        .get_hubspot(request),
                )
        }

        /// Get a Member's GitHub OAuth tokens. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/organizations/{organization_id}/members/{member_id}/oauth_providers/github`.
        /// See [`get_github`](crate::resources::OrganizationsMembersOauthProviders::get_github) for the
        /// details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "organizations")]
        #[cfg_attr(docsrs, doc(cfg(feature = "organizations")))]
        pub fn get_github(
            self,
            request: crate::organizations_members_oauth_providers::GithubRequest,
        ) -> Result<
            crate::organizations_members_oauth_providers::GithubResponse,
            crate::Error,
        > {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .organizations()
                        .members()
                        .oauth_providers()
                        .get_github(request),
                )
        }
    }

    /// Endpoints under `/v1/b2b/idp`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "idp")]
    #[cfg_attr(docsrs, doc(cfg(feature = "idp")))]
    #[derive(Clone, Copy, Debug)]
    pub struct Idp<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "idp")]
    #[cfg_attr(docsrs, doc(cfg(feature = "idp")))]
    impl<'a> Idp<'a> {
        /// Endpoints under `/v1/b2b/idp/oauth`.
        #[cfg(feature = "idp")]
        #[cfg_attr(docsrs, doc(cfg(feature = "idp")))]
        pub fn oauth(&self) -> IdpOauth<'a> {
            IdpOauth { client: self.client }
        }
    }

    /// Endpoints under `/v1/b2b/idp/oauth`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "idp")]
    #[cfg_attr(docsrs, doc(cfg(feature = "idp")))]
    #[derive(Clone, Copy, Debug)]
    pub struct IdpOauth<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "idp")]
    #[cfg_attr(docsrs, doc(cfg(feature = "idp")))]
    impl<'a> IdpOauth<'a> {
        /// Start an OAuth authorization for a Connected App. Blocks the calling thread until the call
        /// completes.
        ///
        /// `POST /v1/b2b/idp/oauth/authorize/start`. See
        /// [`authorize_start`](crate::resources::IdpOauth::authorize_start) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "idp")]
        #[cfg_attr(docsrs, doc(cfg(feature = "idp")))]
        pub fn authorize_start(
            self,
            request: crate::idp_oauth::AuthorizeStartRequest,
        ) -> Result<crate::idp_oauth::AuthorizeStartResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().idp().oauth().authorize_start(request))
        }

        /// Authorize a Connected App. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/idp/oauth/authorize`. See [`authorize`](crate::resources::IdpOauth::authorize)
        /// for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "idp")]
        #[cfg_attr(docsrs, doc(cfg(feature = "idp")))]
        pub fn authorize(
            self,
            request: crate::idp_oauth::AuthorizeRequest,
        ) -> Result<crate::idp_oauth::AuthorizeResponse, crate::Error> {
            self.client.wait(self.client.as_async().idp().oauth().authorize(request))
        }
    }

    /// Endpoints under `/v1/b2b/sessions`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "sessions")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sessions")))]
    #[derive(Clone, Copy, Debug)]
    pub struct Sessions<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "sessions")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sessions")))]
    impl<'a> Sessions<'a> {
        /// List a Member's sessions. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/sessions`. See [`get`](crate::resources::Sessions::get) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sessions")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sessions")))]
        pub fn get(
            self,
            request: crate::sessions::GetRequest,
        ) -> Result<crate::sessions::GetResponse, crate::Error> {
            self.client.wait(self.client.as_async().sessions().get(request))
        }

        /// Authenticate a session. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/sessions/authenticate`. See
        /// [`authenticate`](crate::resources::Sessions::authenticate) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sessions")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sessions")))]
        pub fn authenticate(
            self,
            request: crate::sessions::AuthenticateRequest,
        ) -> Result<crate::sessions::AuthenticateResponse, crate::Error> {
            self.client.wait(self.client.as_async().sessions().authenticate(request))
        }

        /// Revoke sessions. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/sessions/revoke`. See [`revoke`](crate::resources::Sessions::revoke) for the
        /// details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sessions")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sessions")))]
        pub fn revoke(
            self,
            request: crate::sessions::RevokeRequest,
        ) -> Result<crate::sessions::RevokeResponse, crate::Error> {
            self.client.wait(self.client.as_async().sessions().revoke(request))
        }

        /// Exchange a session for another Organization. Blocks the calling thread until the call
        /// completes.
        ///
        /// `POST /v1/b2b/sessions/exchange`. See [`exchange`](crate::resources::Sessions::exchange) for
        /// the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sessions")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sessions")))]
        pub fn exchange(
            self,
            request: crate::sessions::ExchangeRequest,
        ) -> Result<crate::sessions::ExchangeResponse, crate::Error> {
            self.client.wait(self.client.as_async().sessions().exchange(request))
        }

        /// Exchange a Connected App access token for a session. Blocks the calling thread until the
        /// call completes.
        ///
        /// `POST /v1/b2b/sessions/exchange_access_token`. See
        /// [`exchange_access_token`](crate::resources::Sessions::exchange_access_token) for the
        /// details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sessions")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sessions")))]
        pub fn exchange_access_token(
            self,
            request: crate::sessions::ExchangeAccessTokenRequest,
        ) -> Result<crate::sessions::ExchangeAccessTokenResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().sessions().exchange_access_token(request))
        }

        /// Attest a trusted token. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/sessions/attest`. See [`attest`](crate::resources::Sessions::attest) for the
        /// details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sessions")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sessions")))]
        pub fn attest(
            self,
            request: crate::sessions::AttestRequest,
        ) -> Result<crate::sessions::AttestResponse, crate::Error> {
            self.client.wait(self.client.as_async().sessions().attest(request))
        }

        /// Migrate a session from another identity system. Blocks the calling thread until the call
        /// completes.
        ///
        /// `POST /v1/b2b/sessions/migrate`. See [`migrate`](crate::resources::Sessions::migrate) for
        /// the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sessions")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sessions")))]
        pub fn migrate(
            self,
            request: crate::sessions::MigrateRequest,
        ) -> Result<crate::sessions::MigrateResponse, crate::Error> {
            self.client.wait(self.client.as_async().sessions().migrate(request))
        }

        /// Get the project's JWKS. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/sessions/jwks/{project_id}`. See
        /// [`get_jwks`](crate::resources::Sessions::get_jwks) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sessions")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sessions")))]
        pub fn get_jwks(
            self,
            request: crate::sessions::GetJWKSRequest,
        ) -> Result<crate::sessions::GetJWKSResponse, crate::Error> {
            self.client.wait(self.client.as_async().sessions().get_jwks(request))
        }
    }

    /// Endpoints under `/v1/b2b/impersonation`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "impersonation")]
    #[cfg_attr(docsrs, doc(cfg(feature = "impersonation")))]
    #[derive(Clone, Copy, Debug)]
    pub struct Impersonation<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "impersonation")]
    #[cfg_attr(docsrs, doc(cfg(feature = "impersonation")))]
    impl<'a> Impersonation<'a> {
        /// Authenticate an impersonation token. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/impersonation/authenticate`. See
        /// [`authenticate`](crate::resources::Impersonation::authenticate) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "impersonation")]
        #[cfg_attr(docsrs, doc(cfg(feature = "impersonation")))]
        pub fn authenticate(
            self,
            request: crate::impersonation::AuthenticateRequest,
        ) -> Result<crate::impersonation::AuthenticateResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().impersonation().authenticate(request))
        }
    }

    /// Endpoints under `/v1/b2b/rbac`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "rbac")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rbac")))]
    #[derive(Clone, Copy, Debug)]
    pub struct Rbac<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "rbac")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rbac")))]
    impl<'a> Rbac<'a> {
        /// Endpoints under `/v1/b2b/rbac/organizations`.
        #[cfg(feature = "rbac")]
        #[cfg_attr(docsrs, doc(cfg(feature = "rbac")))]
        pub fn organizations(&self) -> RbacOrganizations<'a> {
            RbacOrganizations {
                client: self.client,
            }
        }

        /// Get the project's RBAC policy. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/rbac/policy`. See [`get_policy`](crate::resources::Rbac::get_policy) for the
        /// details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "rbac")]
        #[cfg_attr(docsrs, doc(cfg(feature = "rbac")))]
        pub fn get_policy(
            self,
            request: crate::rbac::PolicyRequest,
        ) -> Result<crate::rbac::PolicyResponse, crate::Error> {
            self.client.wait(self.client.as_async().rbac().get_policy(request))
        }
    }

    /// Endpoints under `/v1/b2b/rbac/organizations`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "rbac")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rbac")))]
    #[derive(Clone, Copy, Debug)]
    pub struct RbacOrganizations<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "rbac")]
    #[cfg_attr(docsrs, doc(cfg(feature = "rbac")))]
    impl<'a> RbacOrganizations<'a> {
        /// Get an Organization's custom roles. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/rbac/organizations/{organization_id}`. See
        /// [`get_org_policy`](crate::resources::RbacOrganizations::get_org_policy) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "rbac")]
        #[cfg_attr(docsrs, doc(cfg(feature = "rbac")))]
        pub fn get_org_policy(
            self,
            request: crate::rbac_organizations::GetOrgPolicyRequest,
        ) -> Result<crate::rbac_organizations::GetOrgPolicyResponse, crate::Error> {
            self.client
                .wait(
                    self.client.as_async().rbac().organizations().get_org_policy(request),
                )
        }

        /// Set an Organization's custom roles. Blocks the calling thread until the call completes.
        ///
        /// `PUT /v1/b2b/rbac/organizations/{organization_id}`. See
        /// [`set_org_policy`](crate::resources::RbacOrganizations::set_org_policy) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "rbac")]
        #[cfg_attr(docsrs, doc(cfg(feature = "rbac")))]
        pub fn set_org_policy(
            self,
            request: crate::rbac_organizations::SetOrgPolicyRequest,
        ) -> Result<crate::rbac_organizations::SetOrgPolicyResponse, crate::Error> {
            self.client
                .wait(
                    self.client.as_async().rbac().organizations().set_org_policy(request),
                )
        }
    }

    /// Endpoints under `/v1/b2b/recovery_codes`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "recovery-codes")]
    #[cfg_attr(docsrs, doc(cfg(feature = "recovery-codes")))]
    #[derive(Clone, Copy, Debug)]
    pub struct RecoveryCodes<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "recovery-codes")]
    #[cfg_attr(docsrs, doc(cfg(feature = "recovery-codes")))]
    impl<'a> RecoveryCodes<'a> {
        /// Complete MFA with a recovery code. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/recovery_codes/recover`. See
        /// [`recover`](crate::resources::RecoveryCodes::recover) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "recovery-codes")]
        #[cfg_attr(docsrs, doc(cfg(feature = "recovery-codes")))]
        pub fn recover(
            self,
            request: crate::recovery_codes::RecoverRequest,
        ) -> Result<crate::recovery_codes::RecoverResponse, crate::Error> {
            self.client.wait(self.client.as_async().recovery_codes().recover(request))
        }

        /// Get a Member's recovery codes. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/recovery_codes/{organization_id}/{member_id}`. See
        /// [`get`](crate::resources::RecoveryCodes::get) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "recovery-codes")]
        #[cfg_attr(docsrs, doc(cfg(feature = "recovery-codes")))]
        pub fn get(
            self,
            request: crate::recovery_codes::GetRequest,
        ) -> Result<crate::recovery_codes::GetResponse, crate::Error> {
            self.client.wait(self.client.as_async().recovery_codes().get(request))
        }

        /// Rotate a Member's recovery codes. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/recovery_codes/rotate`. See
        /// [`rotate`](crate::resources::RecoveryCodes::rotate) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "recovery-codes")]
        #[cfg_attr(docsrs, doc(cfg(feature = "recovery-codes")))]
        pub fn rotate(
            self,
            request: crate::recovery_codes::RotateRequest,
        ) -> Result<crate::recovery_codes::RotateResponse, crate::Error> {
            self.client.wait(self.client.as_async().recovery_codes().rotate(request))
        }
    }

    /// Endpoints under `/v1/b2b/totp`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "totp")]
    #[cfg_attr(docsrs, doc(cfg(feature = "totp")))]
    #[derive(Clone, Copy, Debug)]
    pub struct Totp<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "totp")]
    #[cfg_attr(docsrs, doc(cfg(feature = "totp")))]
    impl<'a> Totp<'a> {
        /// Register an authenticator app. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/totp`. See [`create`](crate::resources::Totp::create) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "totp")]
        #[cfg_attr(docsrs, doc(cfg(feature = "totp")))]
        pub fn create(
            self,
            request: crate::totp::CreateRequest,
        ) -> Result<crate::totp::CreateResponse, crate::Error> {
            self.client.wait(self.client.as_async().totp().create(request))
        }

        /// Authenticate a TOTP code. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/totp/authenticate`. See [`authenticate`](crate::resources::Totp::authenticate)
        /// for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "totp")]
        #[cfg_attr(docsrs, doc(cfg(feature = "totp")))]
        pub fn authenticate(
            self,
            request: crate::totp::AuthenticateRequest,
        ) -> Result<crate::totp::AuthenticateResponse, crate::Error> {
            self.client.wait(self.client.as_async().totp().authenticate(request))
        }

        /// Import a TOTP secret. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/totp/migrate`. See [`migrate`](crate::resources::Totp::migrate) for the
        /// details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "totp")]
        #[cfg_attr(docsrs, doc(cfg(feature = "totp")))]
        pub fn migrate(
            self,
            request: crate::totp::MigrateRequest,
        ) -> Result<crate::totp::MigrateResponse, crate::Error> {
            self.client.wait(self.client.as_async().totp().migrate(request))
        }
    }

    /// Endpoints under `/v1/b2b/discovery`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "discovery")]
    #[cfg_attr(docsrs, doc(cfg(feature = "discovery")))]
    #[derive(Clone, Copy, Debug)]
    pub struct Discovery<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "discovery")]
    #[cfg_attr(docsrs, doc(cfg(feature = "discovery")))]
    impl<'a> Discovery<'a> {
        /// Endpoints under `/v1/b2b/discovery/intermediate_sessions`.
        #[cfg(feature = "discovery")]
        #[cfg_attr(docsrs, doc(cfg(feature = "discovery")))]
        pub fn intermediate_sessions(&self) -> DiscoveryIntermediateSessions<'a> {
            DiscoveryIntermediateSessions {
                client: self.client,
            }
        }

        /// Endpoints under `/v1/b2b/discovery/organizations`.
        #[cfg(feature = "discovery")]
        #[cfg_attr(docsrs, doc(cfg(feature = "discovery")))]
        pub fn organizations(&self) -> DiscoveryOrganizations<'a> {
            DiscoveryOrganizations {
                client: self.client,
            }
        }
    }

    /// Endpoints under `/v1/b2b/discovery/intermediate_sessions`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "discovery")]
    #[cfg_attr(docsrs, doc(cfg(feature = "discovery")))]
    #[derive(Clone, Copy, Debug)]
    pub struct DiscoveryIntermediateSessions<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "discovery")]
    #[cfg_attr(docsrs, doc(cfg(feature = "discovery")))]
    impl<'a> DiscoveryIntermediateSessions<'a> {
        /// Exchange an intermediate session for a Member Session. Blocks the calling thread until the
        /// call completes.
        ///
        /// `POST /v1/b2b/discovery/intermediate_sessions/exchange`. See
        /// [`exchange`](crate::resources::DiscoveryIntermediateSessions::exchange) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "discovery")]
        #[cfg_attr(docsrs, doc(cfg(feature = "discovery")))]
        pub fn exchange(
            self,
            request: crate::discovery_intermediate_sessions::ExchangeRequest,
        ) -> Result<
            crate::discovery_intermediate_sessions::ExchangeResponse,
            crate::Error,
        > {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .discovery()
                        .intermediate_sessions()
                        .exchange(request),
                )
        }
    }

    /// Endpoints under `/v1/b2b/discovery/organizations`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "discovery")]
    #[cfg_attr(docsrs, doc(cfg(feature = "discovery")))]
    #[derive(Clone, Copy, Debug)]
    pub struct DiscoveryOrganizations<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "discovery")]
    #[cfg_attr(docsrs, doc(cfg(feature = "discovery")))]
    impl<'a> DiscoveryOrganizations<'a> {
        /// Create an Organization from discovery. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/discovery/organizations/create`. See
        /// [`create`](crate::resources::DiscoveryOrganizations::create) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "discovery")]
        #[cfg_attr(docsrs, doc(cfg(feature = "discovery")))]
        pub fn create(
            self,
            request: crate::discovery_organizations::CreateRequest,
        ) -> Result<crate::discovery_organizations::CreateResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().discovery().organizations().create(request))
        }

        /// List discovered Organizations. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/discovery/organizations`. See
        /// [`list`](crate::resources::DiscoveryOrganizations::list) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "discovery")]
        #[cfg_attr(docsrs, doc(cfg(feature = "discovery")))]
        pub fn list(
            self,
            request: crate::discovery::ListRequest,
        ) -> Result<crate::discovery::ListResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().discovery().organizations().list(request))
        }
    }

    /// Endpoints under `/v1/b2b/magic_links`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "magic-links")]
    #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
    #[derive(Clone, Copy, Debug)]
    pub struct MagicLinks<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "magic-links")]
    #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
    impl<'a> MagicLinks<'a> {
        /// Endpoints under `/v1/b2b/magic_links/email`.
        #[cfg(feature = "magic-links")]
        #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
        pub fn email(&self) -> MagicLinksEmail<'a> {
            MagicLinksEmail {
                client: self.client,
            }
        }

        /// Endpoints under `/v1/b2b/magic_links/discovery`.
        #[cfg(feature = "magic-links")]
        #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
        pub fn discovery(&self) -> MagicLinksDiscovery<'a> {
            MagicLinksDiscovery {
                client: self.client,
            }
        }

        /// Authenticate a magic link. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/magic_links/authenticate`. See
        /// [`authenticate`](crate::resources::MagicLinks::authenticate) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "magic-links")]
        #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
        pub fn authenticate(
            self,
            request: crate::magic::AuthenticateRequest,
        ) -> Result<crate::magic::AuthenticateResponse, crate::Error> {
            self.client.wait(self.client.as_async().magic_links().authenticate(request))
        }
    }

    /// Endpoints under `/v1/b2b/magic_links/email`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "magic-links")]
    #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
    #[derive(Clone, Copy, Debug)]
    pub struct MagicLinksEmail<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "magic-links")]
    #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
    impl<'a> MagicLinksEmail<'a> {
        /// Endpoints under `/v1/b2b/magic_links/email/discovery`.
        #[cfg(feature = "magic-links")]
        #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
        pub fn discovery(&self) -> MagicLinksEmailDiscovery<'a> {
            MagicLinksEmailDiscovery {
                client: self.client,
            }
        }

        /// Send a magic link to log in or sign up. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/magic_links/email/login_or_signup`. See
        /// [`login_or_signup`](crate::resources::MagicLinksEmail::login_or_signup) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "magic-links")]
        #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
        pub fn login_or_signup(
            self,
            request: crate::magic_links_email::LoginOrSignupRequest,
        ) -> Result<crate::magic_links_email::LoginOrSignupResponse, crate::Error> {
            self.client
                .wait(
                    self.client.as_async().magic_links().email().login_or_signup(request),
                )
        }

        /// Invite someone by email. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/magic_links/email/invite`. See
        /// [`invite`](crate::resources::MagicLinksEmail::invite) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "magic-links")]
        #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
        pub fn invite(
            self,
            request: crate::magic_links_email::InviteRequest,
        ) -> Result<crate::magic_links_email::InviteResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().magic_links().email().invite(request))
        }
    }

    /// Endpoints under `/v1/b2b/magic_links/email/discovery`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "magic-links")]
    #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
    #[derive(Clone, Copy, Debug)]
    pub struct MagicLinksEmailDiscovery<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "magic-links")]
    #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
    impl<'a> MagicLinksEmailDiscovery<'a> {
        /// Send a discovery magic link. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/magic_links/email/discovery/send`. See
        /// [`send`](crate::resources::MagicLinksEmailDiscovery::send) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "magic-links")]
        #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
        pub fn send(
            self,
            request: crate::magic_links_email_discovery::SendRequest,
        ) -> Result<crate::magic_links_email_discovery::SendResponse, crate::Error> {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .magic_links()
                        .email()
                        .discovery()
                        .send(request),
                )
        }
    }

    /// Endpoints under `/v1/b2b/magic_links/discovery`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "magic-links")]
    #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
    #[derive(Clone, Copy, Debug)]
    pub struct MagicLinksDiscovery<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "magic-links")]
    #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
    impl<'a> MagicLinksDiscovery<'a> {
        /// Authenticate a discovery magic link. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/magic_links/discovery/authenticate`. See
        /// [`authenticate`](crate::resources::MagicLinksDiscovery::authenticate) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "magic-links")]
        #[cfg_attr(docsrs, doc(cfg(feature = "magic-links")))]
        pub fn authenticate(
            self,
            request: crate::magic_links_discovery::AuthenticateRequest,
        ) -> Result<crate::magic_links_discovery::AuthenticateResponse, crate::Error> {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .magic_links()
                        .discovery()
                        .authenticate(request),
                )
        }
    }

    /// Endpoints under `/v1/b2b/oauth`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "oauth")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oauth")))]
    #[derive(Clone, Copy, Debug)]
    pub struct Oauth<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "oauth")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oauth")))]
    impl<'a> Oauth<'a> {
        /// Endpoints under `/v1/b2b/oauth/discovery`.
        #[cfg(feature = "oauth")]
        #[cfg_attr(docsrs, doc(cfg(feature = "oauth")))]
        pub fn discovery(&self) -> OauthDiscovery<'a> {
            OauthDiscovery {
                client: self.client,
            }
        }

        /// Authenticate an OAuth login. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/oauth/authenticate`. See
        /// [`authenticate`](crate::resources::Oauth::authenticate) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "oauth")]
        #[cfg_attr(docsrs, doc(cfg(feature = "oauth")))]
        pub fn authenticate(
            self,
            request: crate::oauth::AuthenticateRequest,
        ) -> Result<crate::oauth::AuthenticateResponse, crate::Error> {
            self.client.wait(self.client.as_async().oauth().authenticate(request))
        }
    }

    /// Endpoints under `/v1/b2b/oauth/discovery`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "oauth")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oauth")))]
    #[derive(Clone, Copy, Debug)]
    pub struct OauthDiscovery<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "oauth")]
    #[cfg_attr(docsrs, doc(cfg(feature = "oauth")))]
    impl<'a> OauthDiscovery<'a> {
        /// Authenticate a discovery OAuth login. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/oauth/discovery/authenticate`. See
        /// [`authenticate`](crate::resources::OauthDiscovery::authenticate) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "oauth")]
        #[cfg_attr(docsrs, doc(cfg(feature = "oauth")))]
        pub fn authenticate(
            self,
            request: crate::oauth_discovery::AuthenticateRequest,
        ) -> Result<crate::oauth_discovery::AuthenticateResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().oauth().discovery().authenticate(request))
        }
    }

    /// Endpoints under `/v1/b2b/otps`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[derive(Clone, Copy, Debug)]
    pub struct Otps<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    impl<'a> Otps<'a> {
        /// Endpoints under `/v1/b2b/otps/sms`.
        pub fn sms(&self) -> OtpsSms<'a> {
            OtpsSms { client: self.client }
        }

        /// Endpoints under `/v1/b2b/otps/email`.
        #[cfg(feature = "otps")]
        #[cfg_attr(docsrs, doc(cfg(feature = "otps")))]
        pub fn email(&self) -> OtpsEmail<'a> {
            OtpsEmail { client: self.client }
        }
    }

    /// Endpoints under `/v1/b2b/otps/sms`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[derive(Clone, Copy, Debug)]
    pub struct OtpsSms<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    impl<'a> OtpsSms<'a> {
        /// Send an SMS OTP to a Member. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/otps/sms/send`. See [`send`](crate::resources::OtpsSms::send) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        pub fn send(
            self,
            request: crate::otp_sms::SendRequest,
        ) -> Result<crate::otp_sms::SendResponse, crate::Error> {
            self.client.wait(self.client.as_async().otps().sms().send(request))
        }

        /// Authenticate an SMS OTP. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/otps/sms/authenticate`. See
        /// [`authenticate`](crate::resources::OtpsSms::authenticate) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        pub fn authenticate(
            self,
            request: crate::otp_sms::AuthenticateRequest,
        ) -> Result<crate::otp_sms::AuthenticateResponse, crate::Error> {
            self.client.wait(self.client.as_async().otps().sms().authenticate(request))
        }
    }

    /// Endpoints under `/v1/b2b/otps/email`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "otps")]
    #[cfg_attr(docsrs, doc(cfg(feature = "otps")))]
    #[derive(Clone, Copy, Debug)]
    pub struct OtpsEmail<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "otps")]
    #[cfg_attr(docsrs, doc(cfg(feature = "otps")))]
    impl<'a> OtpsEmail<'a> {
        /// Endpoints under `/v1/b2b/otps/email/discovery`.
        #[cfg(feature = "otps")]
        #[cfg_attr(docsrs, doc(cfg(feature = "otps")))]
        pub fn discovery(&self) -> OtpsEmailDiscovery<'a> {
            OtpsEmailDiscovery {
                client: self.client,
            }
        }

        /// Send an email passcode to log in or sign up. Blocks the calling thread until the call
        /// completes.
        ///
        /// `POST /v1/b2b/otps/email/login_or_signup`. See
        /// [`login_or_signup`](crate::resources::OtpsEmail::login_or_signup) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "otps")]
        #[cfg_attr(docsrs, doc(cfg(feature = "otps")))]
        pub fn login_or_signup(
            self,
            request: crate::otp_email::LoginOrSignupRequest,
        ) -> Result<crate::otp_email::LoginOrSignupResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().otps().email().login_or_signup(request))
        }

        /// Authenticate an email passcode. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/otps/email/authenticate`. See
        /// [`authenticate`](crate::resources::OtpsEmail::authenticate) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "otps")]
        #[cfg_attr(docsrs, doc(cfg(feature = "otps")))]
        pub fn authenticate(
            self,
            request: crate::otp_email::AuthenticateRequest,
        ) -> Result<crate::otp_email::AuthenticateResponse, crate::Error> {
            self.client.wait(self.client.as_async().otps().email().authenticate(request))
        }
    }

    /// Endpoints under `/v1/b2b/otps/email/discovery`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "otps")]
    #[cfg_attr(docsrs, doc(cfg(feature = "otps")))]
    #[derive(Clone, Copy, Debug)]
    pub struct OtpsEmailDiscovery<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "otps")]
    #[cfg_attr(docsrs, doc(cfg(feature = "otps")))]
    impl<'a> OtpsEmailDiscovery<'a> {
        /// Send an email passcode for discovery. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/otps/email/discovery/send`. See
        /// [`send`](crate::resources::OtpsEmailDiscovery::send) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "otps")]
        #[cfg_attr(docsrs, doc(cfg(feature = "otps")))]
        pub fn send(
            self,
            request: crate::otp_email_discovery::SendRequest,
        ) -> Result<crate::otp_email_discovery::SendResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().otps().email().discovery().send(request))
        }

        /// Authenticate an email passcode for discovery. Blocks the calling thread until the call
        /// completes.
        ///
        /// `POST /v1/b2b/otps/email/discovery/authenticate`. See
        /// [`authenticate`](crate::resources::OtpsEmailDiscovery::authenticate) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "otps")]
        #[cfg_attr(docsrs, doc(cfg(feature = "otps")))]
        pub fn authenticate(
            self,
            request: crate::otp_email_discovery::AuthenticateRequest,
        ) -> Result<crate::otp_email_discovery::AuthenticateResponse, crate::Error> {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .otps()
                        .email()
                        .discovery()
                        .authenticate(request),
                )
        }
    }

    /// Endpoints under `/v1/b2b/passwords`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "passwords")]
    #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
    #[derive(Clone, Copy, Debug)]
    pub struct Passwords<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "passwords")]
    #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
    impl<'a> Passwords<'a> {
        /// Endpoints under `/v1/b2b/passwords/email`.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn email(&self) -> PasswordsEmail<'a> {
            PasswordsEmail {
                client: self.client,
            }
        }

        /// Endpoints under `/v1/b2b/passwords/session`.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn session(&self) -> PasswordsSession<'a> {
            PasswordsSession {
                client: self.client,
            }
        }

        /// Endpoints under `/v1/b2b/passwords/existing_password`.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn existing_password(&self) -> PasswordsExistingPassword<'a> {
            PasswordsExistingPassword {
                client: self.client,
            }
        }

        /// Endpoints under `/v1/b2b/passwords/discovery`.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn discovery(&self) -> PasswordsDiscovery<'a> {
            PasswordsDiscovery {
                client: self.client,
            }
        }

        /// Check a password's strength. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/passwords/strength_check`. See
        /// [`strength_check`](crate::resources::Passwords::strength_check) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn strength_check(
            self,
            request: crate::password::StrengthCheckRequest,
        ) -> Result<crate::password::StrengthCheckResponse, crate::Error> {
            self.client.wait(self.client.as_async().passwords().strength_check(request))
        }

        /// Import a password hash. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/passwords/migrate`. See [`migrate`](crate::resources::Passwords::migrate) for
        /// the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn migrate(
            self,
            request: crate::password::MigrateRequest,
        ) -> Result<crate::password::MigrateResponse, crate::Error> {
            self.client.wait(self.client.as_async().passwords().migrate(request))
        }

        /// Authenticate a password. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/passwords/authenticate`. See
        /// [`authenticate`](crate::resources::Passwords::authenticate) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn authenticate(
            self,
            request: crate::password::AuthenticateRequest,
        ) -> Result<crate::password::AuthenticateResponse, crate::Error> {
            self.client.wait(self.client.as_async().passwords().authenticate(request))
        }
    }

    /// Endpoints under `/v1/b2b/passwords/email`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "passwords")]
    #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
    #[derive(Clone, Copy, Debug)]
    pub struct PasswordsEmail<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "passwords")]
    #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
    impl<'a> PasswordsEmail<'a> {
        /// Send a password reset email. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/passwords/email/reset/start`. See
        /// [`reset_start`](crate::resources::PasswordsEmail::reset_start) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn reset_start(
            self,
            request: crate::passwords_email::ResetStartRequest,
        ) -> Result<crate::passwords_email::ResetStartResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().passwords().email().reset_start(request))
        }

        /// Reset a password with an email token. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/passwords/email/reset`. See [`reset`](crate::resources::PasswordsEmail::reset)
        /// for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn reset(
            self,
            request: crate::passwords_email::ResetRequest,
        ) -> Result<crate::passwords_email::ResetResponse, crate::Error> {
            self.client.wait(self.client.as_async().passwords().email().reset(request))
        }

        /// Require a password reset. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/passwords/email/require_reset`. See
        /// [`require_reset`](crate::resources::PasswordsEmail::require_reset) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn require_reset(
            self,
            request: crate::passwords_email::RequireResetRequest,
        ) -> Result<crate::passwords_email::RequireResetResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().passwords().email().require_reset(request))
        }
    }

    /// Endpoints under `/v1/b2b/passwords/session`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "passwords")]
    #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
    #[derive(Clone, Copy, Debug)]
    pub struct PasswordsSession<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "passwords")]
    #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
    impl<'a> PasswordsSession<'a> {
        /// Change a password within a session. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/passwords/session/reset`. See
        /// [`reset`](crate::resources::PasswordsSession::reset) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn reset(
            self,
            request: crate::passwords_session::ResetRequest,
        ) -> Result<crate::passwords_session::ResetResponse, crate::Error> {
            self.client.wait(self.client.as_async().passwords().session().reset(request))
        }
    }

    /// Endpoints under `/v1/b2b/passwords/existing_password`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "passwords")]
    #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
    #[derive(Clone, Copy, Debug)]
    pub struct PasswordsExistingPassword<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "passwords")]
    #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
    impl<'a> PasswordsExistingPassword<'a> {
        /// Change a password with the old one. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/passwords/existing_password/reset`. See
        /// [`reset`](crate::resources::PasswordsExistingPassword::reset) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn reset(
            self,
            request: crate::passwords_existing_password::ResetRequest,
        ) -> Result<crate::passwords_existing_password::ResetResponse, crate::Error> {
            self.client
                .wait(
                    self.client.as_async().passwords().existing_password().reset(request),
                )
        }
    }

    /// Endpoints under `/v1/b2b/passwords/discovery`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "passwords")]
    #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
    #[derive(Clone, Copy, Debug)]
    pub struct PasswordsDiscovery<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "passwords")]
    #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
    impl<'a> PasswordsDiscovery<'a> {
        /// Endpoints under `/v1/b2b/passwords/discovery/email`.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn email(&self) -> PasswordsDiscoveryEmail<'a> {
            PasswordsDiscoveryEmail {
                client: self.client,
            }
        }

        /// Authenticate a password for discovery. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/passwords/discovery/authenticate`. See
        /// [`authenticate`](crate::resources::PasswordsDiscovery::authenticate) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn authenticate(
            self,
            request: crate::passwords_discovery::AuthenticateRequest,
        ) -> Result<crate::passwords_discovery::AuthenticateResponse, crate::Error> {
            self.client
                .wait(
                    self.client.as_async().passwords().discovery().authenticate(request),
                )
        }
    }

    /// Endpoints under `/v1/b2b/passwords/discovery/email`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "passwords")]
    #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
    #[derive(Clone, Copy, Debug)]
    pub struct PasswordsDiscoveryEmail<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "passwords")]
    #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
    impl<'a> PasswordsDiscoveryEmail<'a> {
        /// Send a password reset email for discovery. Blocks the calling thread until the call
        /// completes.
        ///
        /// `POST /v1/b2b/passwords/discovery/email/reset/start`. See
        /// [`reset_start`](crate::resources::PasswordsDiscoveryEmail::reset_start) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn reset_start(
            self,
            request: crate::passwords_discovery_email::ResetStartRequest,
        ) -> Result<crate::passwords_discovery_email::ResetStartResponse, crate::Error> {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .passwords()
                        .discovery()
                        .email()
                        .reset_start(request),
                )
        }

        /// Reset a password for discovery. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/passwords/discovery/email/reset`. See
        /// [`reset`](crate::resources::PasswordsDiscoveryEmail::reset) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "passwords")]
        #[cfg_attr(docsrs, doc(cfg(feature = "passwords")))]
        pub fn reset(
            self,
            request: crate::passwords_discovery_email::ResetRequest,
        ) -> Result<crate::passwords_discovery_email::ResetResponse, crate::Error> {
            self.client
                .wait(
                    self.client.as_async().passwords().discovery().email().reset(request),
                )
        }
    }

    /// Endpoints under `/v1/b2b/sso`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    #[derive(Clone, Copy, Debug)]
    pub struct Sso<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    impl<'a> Sso<'a> {
        /// Endpoints under `/v1/b2b/sso/{organization_id}/connections`.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn connections(&self) -> SsoConnections<'a> {
            SsoConnections {
                client: self.client,
            }
        }

        /// Endpoints under `/v1/b2b/sso/oidc`.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn oidc(&self) -> SsoOidc<'a> {
            SsoOidc { client: self.client }
        }

        /// Endpoints under `/v1/b2b/sso/saml`.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn saml(&self) -> SsoSaml<'a> {
            SsoSaml { client: self.client }
        }

        /// Endpoints under `/v1/b2b/sso/external`.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn external(&self) -> SsoExternal<'a> {
            SsoExternal { client: self.client }
        }

        /// Authenticate an SSO login. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/sso/authenticate`. See [`authenticate`](crate::resources::Sso::authenticate)
        /// for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn authenticate(
            self,
            request: crate::sso::AuthenticateRequest,
        ) -> Result<crate::sso::AuthenticateResponse, crate::Error> {
            self.client.wait(self.client.as_async().sso().authenticate(request))
        }
    }

    /// Endpoints under `/v1/b2b/sso/{organization_id}/connections`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    #[derive(Clone, Copy, Debug)]
    pub struct SsoConnections<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    impl<'a> SsoConnections<'a> {
        /// List an Organization's SSO connections. Blocks the calling thread until the call completes.
        ///
        /// `GET /v1/b2b/sso/{organization_id}`. See [`list`](crate::resources::SsoConnections::list)
        /// for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn list(
            self,
            request: crate::sso::GetConnectionsRequest,
        ) -> Result<crate::sso::GetConnectionsResponse, crate::Error> {
            self.client.wait(self.client.as_async().sso().connections().list(request))
        }

        /// Delete an SSO connection. Blocks the calling thread until the call completes.
        ///
        /// `DELETE /v1/b2b/sso/{organization_id}/connections/{connection_id}`. See
        /// [`delete`](crate::resources::SsoConnections::delete) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn delete(
            self,
            request: crate::sso::DeleteConnectionRequest,
        ) -> Result<crate::sso::DeleteConnectionResponse, crate::Error> {
            self.client.wait(self.client.as_async().sso().connections().delete(request))
        }
    }

    /// Endpoints under `/v1/b2b/sso/oidc`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    #[derive(Clone, Copy, Debug)]
    pub struct SsoOidc<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    impl<'a> SsoOidc<'a> {
        /// Endpoints under `/v1/b2b/sso/oidc/{organization_id}/connections`.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn connections(&self) -> SsoOidcConnections<'a> {
            SsoOidcConnections {
                client: self.client,
            }
        }
    }

    /// Endpoints under `/v1/b2b/sso/oidc/{organization_id}/connections`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    #[derive(Clone, Copy, Debug)]
    pub struct SsoOidcConnections<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    impl<'a> SsoOidcConnections<'a> {
        /// Create an OIDC connection. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/sso/oidc/{organization_id}`. See
        /// [`create`](crate::resources::SsoOidcConnections::create) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn create(
            self,
            request: crate::sso_oidc::CreateConnectionRequest,
        ) -> Result<crate::sso_oidc::CreateConnectionResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().sso().oidc().connections().create(request))
        }

        /// Update an OIDC connection. Blocks the calling thread until the call completes.
        ///
        /// `PUT /v1/b2b/sso/oidc/{organization_id}/connections/{connection_id}`. See
        /// [`update`](crate::resources::SsoOidcConnections::update) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn update(
            self,
            request: crate::sso_oidc::UpdateConnectionRequest,
        ) -> Result<crate::sso_oidc::UpdateConnectionResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().sso().oidc().connections().update(request))
        }
    }

    /// Endpoints under `/v1/b2b/sso/saml`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    #[derive(Clone, Copy, Debug)]
    pub struct SsoSaml<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    impl<'a> SsoSaml<'a> {
        /// Endpoints under `/v1/b2b/sso/saml/{organization_id}/connections`.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn connections(&self) -> SsoSamlConnections<'a> {
            SsoSamlConnections {
                client: self.client,
            }
        }
    }

    /// Endpoints under `/v1/b2b/sso/saml/{organization_id}/connections`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    #[derive(Clone, Copy, Debug)]
    pub struct SsoSamlConnections<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    impl<'a> SsoSamlConnections<'a> {
        /// Endpoints under
        /// `/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/verification_certificates`.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn verification_certificates(
            &self,
        ) -> SsoSamlConnectionsVerificationCertificates<'a> {
            SsoSamlConnectionsVerificationCertificates {
                client: self.client,
            }
        }

        /// Endpoints under
        /// `/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/encryption_private_keys`.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn encryption_private_keys(
            &self,
        ) -> SsoSamlConnectionsEncryptionPrivateKeys<'a> {
            SsoSamlConnectionsEncryptionPrivateKeys {
                client: self.client,
            }
        }

        /// Create a SAML connection. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/sso/saml/{organization_id}`. See
        /// [`create`](crate::resources::SsoSamlConnections::create) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn create(
            self,
            request: crate::sso_saml::CreateConnectionRequest,
        ) -> Result<crate::sso_saml::CreateConnectionResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().sso().saml().connections().create(request))
        }

        /// Update a SAML connection. Blocks the calling thread until the call completes.
        ///
        /// `PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}`. See
        /// [`update`](crate::resources::SsoSamlConnections::update) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn update(
            self,
            request: crate::sso_saml::UpdateConnectionRequest,
        ) -> Result<crate::sso_saml::UpdateConnectionResponse, crate::Error> {
            self.client
                .wait(self.client.as_async().sso().saml().connections().update(request))
        }

        /// Update a SAML connection from metadata. Blocks the calling thread until the call completes.
        ///
        /// `PUT /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/url`. See
        /// [`update_by_url`](crate::resources::SsoSamlConnections::update_by_url) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn update_by_url(
            self,
            request: crate::sso_saml::UpdateByURLRequest,
        ) -> Result<crate::sso_saml::UpdateByURLResponse, crate::Error> {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .sso()
                        .saml()
                        .connections()
                        .update_by_url(request),
                )
        }
    }

    /// Endpoints under
    /// `/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/verification_certificates`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    #[derive(Clone, Copy, Debug)]
    pub struct SsoSamlConnectionsVerificationCertificates<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    impl<'a> SsoSamlConnectionsVerificationCertificates<'a> {
        /// Delete a SAML verification certificate. Blocks the calling thread until the call completes.
        ///
        /// `DELETE
        /// /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/verification_certificates/{certificate_id}`.
        /// See [`delete`](crate::resources::SsoSamlConnectionsVerificationCertificates::delete) for the
        /// details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn delete(
            self,
            request: crate::sso_saml::DeleteVerificationCertificateRequest,
        ) -> Result<
            crate::sso_saml::DeleteVerificationCertificateResponse,
            crate::Error,
        > {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .sso()
                        .saml()
                        .connections()
                        .verification_certificates()
                        .delete(request),
                )
        }
    }

    /// Endpoints under
    /// `/v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/encryption_private_keys`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    #[derive(Clone, Copy, Debug)]
    pub struct SsoSamlConnectionsEncryptionPrivateKeys<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    impl<'a> SsoSamlConnectionsEncryptionPrivateKeys<'a> {
        /// Delete a SAML encryption private key. Blocks the calling thread until the call completes.
        ///
        /// `DELETE
        /// /v1/b2b/sso/saml/{organization_id}/connections/{connection_id}/encryption_private_keys/{private_key_id}`.
        /// See [`delete`](crate::resources::SsoSamlConnectionsEncryptionPrivateKeys::delete) for the
        /// details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn delete(
            self,
            request: crate::sso_saml::DeleteEncryptionPrivateKeyRequest,
        ) -> Result<crate::sso_saml::DeleteEncryptionPrivateKeyResponse, crate::Error> {
            self.client
                .wait(
                    self
                        .client
                        .as_async()
                        .sso()
                        .saml()
                        .connections()
                        .encryption_private_keys()
                        .delete(request),
                )
        }
    }

    /// Endpoints under `/v1/b2b/sso/external`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    #[derive(Clone, Copy, Debug)]
    pub struct SsoExternal<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    impl<'a> SsoExternal<'a> {
        /// Endpoints under `/v1/b2b/sso/external/{organization_id}/connections`.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn connections(&self) -> SsoExternalConnections<'a> {
            SsoExternalConnections {
                client: self.client,
            }
        }
    }

    /// Endpoints under `/v1/b2b/sso/external/{organization_id}/connections`.
    ///
    /// Get one from [`blocking::Client`](crate::blocking::Client); it borrows the client and is
    /// cheap to copy.
    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    #[derive(Clone, Copy, Debug)]
    pub struct SsoExternalConnections<'a> {
        pub(crate) client: &'a crate::blocking::Client,
    }

    #[cfg(feature = "sso")]
    #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
    impl<'a> SsoExternalConnections<'a> {
        /// Create an external SSO connection. Blocks the calling thread until the call completes.
        ///
        /// `POST /v1/b2b/sso/external/{organization_id}`. See
        /// [`create`](crate::resources::SsoExternalConnections::create) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn create(
            self,
            request: crate::sso_external::CreateConnectionRequest,
        ) -> Result<crate::sso_external::CreateConnectionResponse, crate::Error> {
            self.client
                .wait(
                    self.client.as_async().sso().external().connections().create(request),
                )
        }

        /// Update an external SSO connection. Blocks the calling thread until the call completes.
        ///
        /// `PUT /v1/b2b/sso/external/{organization_id}/connections/{connection_id}`. See
        /// [`update`](crate::resources::SsoExternalConnections::update) for the details.
        ///
        /// # Errors
        ///
        /// As the async method; also [`Error::Config`](crate::Error::Config) when called from inside an
        /// async runtime, where blocking would stall it.
        #[cfg(feature = "sso")]
        #[cfg_attr(docsrs, doc(cfg(feature = "sso")))]
        pub fn update(
            self,
            request: crate::sso_external::UpdateConnectionRequest,
        ) -> Result<crate::sso_external::UpdateConnectionResponse, crate::Error> {
            self.client
                .wait(
                    self.client.as_async().sso().external().connections().update(request),
                )
        }
    }
}
