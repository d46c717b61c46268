import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from './api-key.entity';
import { ApiKeyExchangeController } from './api-key-exchange.controller';
import { ServiceAccountEntity } from './service-account.entity';
import { ServiceAccountRepository } from './service-account.repository';
import { ServiceAccountResolver } from './service-account.resolver';
import { ServiceAccountService } from './service-account.service';

/** Integrations' service accounts and API keys; the gateway exchanges a key for a token through the controller. */
@Module({
  imports: [TypeOrmModule.forFeature([ServiceAccountEntity, ApiKeyEntity])],
  controllers: [ApiKeyExchangeController],
  providers: [ServiceAccountRepository, ServiceAccountService, ServiceAccountResolver],
})
export class ServiceAccountsModule {}

export const SERVICE_ACCOUNT_ENTITIES = [ServiceAccountEntity, ApiKeyEntity];
