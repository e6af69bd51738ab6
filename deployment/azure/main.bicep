// OnboardingBot in Azure: the Azure Bot (single tenant) with its Microsoft Teams channel, a Linux App Service on
// .NET 10, PostgreSQL flexible server, and a Key Vault whose secrets the app reads through its managed identity.
// The two Entra app registrations (bot, sign-in page) are made beforehand with the az steps in README.md.
// Compile and lint: scripts/bicep.sh build deployment/azure/main.bicep (scripts/test.sh does, warnings as errors).

metadata description = 'OnboardingBot: Azure Bot + Teams channel, App Service, PostgreSQL, Key Vault'

@description('Prefix of every resource name: lower-case letters and digits, 3 to 12.')
@minLength(3)
@maxLength(12)
param name string = 'onboardbot'

@description('Region of the app, database and vault (the Azure Bot itself is global).')
param location string = resourceGroup().location

@description('The bot\'s Entra app registration (client) id: MicrosoftAppId.')
@minLength(36)
@maxLength(36)
param botAppId string

@description('The bot\'s client secret: stored in Key Vault as MicrosoftAppPassword.')
@secure()
param botAppPassword string

@description('The sign-in page\'s Entra app registration (client) id: Credentials:SignIn:ClientId.')
@minLength(36)
@maxLength(36)
param signInClientId string

@description('The Entra tenant of both app registrations: MicrosoftAppTenantId.')
param tenantId string = tenant().tenantId

@description('The public host of the bot and its one-time pages; empty for <app>.azurewebsites.net (a custom domain is bound in the portal).')
param publicHost string = ''

@description('Administrator login of the PostgreSQL server.')
param postgresAdminLogin string = 'onboardingbot'

@description('Administrator password of the PostgreSQL server: only in the connection string secret.')
@secure()
param postgresAdminPassword string

@description('The Data Protection certificate: a PKCS#12 (.pfx) without password, base64. Stored in Key Vault; App Service loads it.')
@secure()
param dataProtectionPfx string

@description('Object id of the service principal of Microsoft.Azure.WebSites (app id abfa0a7c-a6b6-4736-8310-5855508787cd) in this tenant: it imports the certificate from Key Vault.')
param appServiceResourceProviderObjectId string

@description('Further app settings: Onboarding__Teams__0__Name, Aws__Region, AWS credentials as Key Vault references, ...')
param extraAppSettings object = {}

@description('App Service plan size (always-on needs Basic or above).')
@allowed(['B1', 'B2', 'B3', 'P0v3', 'P1v3', 'P2v3'])
param appServiceSku string = 'B1'

var host = empty(publicHost) ? '${name}-app.azurewebsites.net' : publicHost
var publicBaseUrl = 'https://${host}/'
// Built-in role: Key Vault Secrets User (read secret values).
var keyVaultSecretsUser = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6')

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${name}-id'
  location: location
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: '${name}-kv-${uniqueString(resourceGroup().id)}'
  location: location
  properties: {
    tenantId: tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
    softDeleteRetentionInDays: 90
  }
}

resource appPassword 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'MicrosoftAppPassword'
  properties: { value: botAppPassword }
}

resource databaseConnection 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'DatabaseConnectionString'
  properties: {
    value: 'Host=${postgres.properties.fullyQualifiedDomainName};Database=${database.name};Username=${postgresAdminLogin};Password=${postgresAdminPassword};SSL Mode=Require'
  }
}

resource dataProtection 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'DataProtection'
  properties: {
    value: dataProtectionPfx
    contentType: 'application/x-pkcs12'
  }
}

resource appReadsSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  properties: {
    roleDefinitionId: keyVaultSecretsUser
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource appServiceReadsCertificate 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, appServiceResourceProviderObjectId, keyVaultSecretsUser)
  properties: {
    roleDefinitionId: keyVaultSecretsUser
    principalId: appServiceResourceProviderObjectId
    principalType: 'ServicePrincipal'
  }
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2024-08-01' = {
  name: '${name}-pg-${uniqueString(resourceGroup().id)}'
  location: location
  sku: { name: 'Standard_B1ms', tier: 'Burstable' }
  properties: {
    version: '16'
    administratorLogin: postgresAdminLogin
    administratorLoginPassword: postgresAdminPassword
    authConfig: { passwordAuth: 'Enabled', activeDirectoryAuth: 'Disabled' }
    storage: { storageSizeGB: 32, autoGrow: 'Enabled' }
    backup: { backupRetentionDays: 14, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
    network: { publicNetworkAccess: 'Enabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2024-08-01' = {
  parent: postgres
  name: 'onboardingbot'
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

// 0.0.0.0 admits Azure services only (the App Service's outbound addresses), not the internet.
resource postgresFromAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2024-08-01' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
  location: location
  kind: 'linux'
  sku: { name: appServiceSku }
  properties: { reserved: true }
}

resource certificate 'Microsoft.Web/certificates@2024-04-01' = {
  name: '${name}-dataprotection'
  location: location
  properties: {
    keyVaultId: vault.id
    keyVaultSecretName: dataProtection.name
    serverFarmId: plan.id
  }
  dependsOn: [appServiceReadsCertificate]
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: '${name}-app'
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      healthCheckPath: '/healthz'
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appCommandLine: 'dotnet OnboardingBot.dll'
    }
  }
  dependsOn: [appReadsSecrets]
}

// Settings as the bot reads them (README "Deploy to your tenant"); secrets are Key Vault references.
resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: union(extraAppSettings, {
    ASPNETCORE_ENVIRONMENT: 'Production'
    MicrosoftAppType: 'SingleTenant'
    MicrosoftAppId: botAppId
    MicrosoftAppTenantId: tenantId
    MicrosoftAppPassword: '@Microsoft.KeyVault(SecretUri=${appPassword.properties.secretUri})'
    Database__Provider: 'Postgres'
    Database__ConnectionString: '@Microsoft.KeyVault(SecretUri=${databaseConnection.properties.secretUri})'
    Credentials__PublicBaseUrl: publicBaseUrl
    Credentials__SignIn__ClientId: signInClientId
    // App Service loads the certificate at /var/ssl/private/<thumbprint>.p12 (no password).
    WEBSITE_LOAD_CERTIFICATES: certificate.properties.thumbprint
    DataProtection__CertificatePath: '/var/ssl/private/${certificate.properties.thumbprint}.p12'
  })
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: '${name}-bot'
  location: 'global'
  kind: 'azurebot'
  sku: { name: 'S1' }
  properties: {
    displayName: 'OnboardingBot'
    endpoint: '${publicBaseUrl}api/messages'
    msaAppId: botAppId
    msaAppType: 'SingleTenant'
    msaAppTenantId: tenantId
    disableLocalAuth: true
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: { isEnabled: true }
  }
}

@description('The App Service to deploy the published bot to (az webapp deploy).')
output appName string = app.name

@description('Credentials:PublicBaseUrl, and the package tool\'s --Credentials:PublicBaseUrl.')
output publicBaseUrl string = publicBaseUrl

@description('The Azure Bot\'s messaging endpoint.')
output messagingEndpoint string = bot.properties.endpoint

@description('The package tool\'s --MicrosoftAppId (the Teams app id and botId).')
output microsoftAppId string = botAppId

@description('The package tool\'s --Credentials:SignIn:ClientId (webApplicationInfo.id).')
output signInClientId string = signInClientId

@description('The Key Vault holding MicrosoftAppPassword, DatabaseConnectionString and the DataProtection certificate.')
output keyVaultName string = vault.name

@description('Thumbprint of the Data Protection certificate App Service loads (DataProtection:CertificateThumbprint).')
output dataProtectionThumbprint string = certificate.properties.thumbprint

@description('The Teams channel resource, enabled.')
output teamsChannelEnabled bool = teams.properties.properties.isEnabled
